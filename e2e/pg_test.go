//go:build e2e

package e2e

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// privatePG is a PostgreSQL cluster of one test, which it may stop and
// restart; the machine's own server is never touched.
type privatePG struct {
	bin, dir, port string
}

// startPrivatePG initialises and starts a cluster in a fresh directory under
// /var/tmp (as the postgres user when running as root: initdb refuses root).
func startPrivatePG(t *testing.T) *privatePG {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		t.Fatal("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: install Debian's postgresql")
	}
	sort.Strings(bins)
	dir, err := os.MkdirTemp("/var/tmp", "tipline-e2e-pg-")
	if err != nil {
		t.Fatal(err)
	}
	pg := &privatePG{bin: filepath.Dir(bins[len(bins)-1]), dir: dir}
	_, port, _ := strings.Cut(freeAddr(t), ":")
	pg.port = port
	if os.Getuid() == 0 {
		if out, err := exec.Command("chown", "postgres:", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v %s", err, out)
		}
	}
	pg.run(t, "initdb", "-D", filepath.Join(dir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C")
	pg.start(t)
	t.Cleanup(func() {
		_ = pg.cmd("pg_ctl", "-D", filepath.Join(dir, "data"), "-m", "immediate", "-w", "stop").Run()
		os.RemoveAll(dir)
	})
	return pg
}

func (pg *privatePG) cmd(tool string, args ...string) *exec.Cmd {
	if os.Getuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(pg.bin, tool)}, args...)...)
	}
	return exec.Command(filepath.Join(pg.bin, tool), args...)
}

func (pg *privatePG) run(t *testing.T, tool string, args ...string) {
	t.Helper()
	if out, err := pg.cmd(tool, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
}

func (pg *privatePG) start(t *testing.T) {
	t.Helper()
	pg.run(t, "pg_ctl", "-D", filepath.Join(pg.dir, "data"), "-w", "-t", "60", "-l", filepath.Join(pg.dir, "pg.log"),
		"-o", fmt.Sprintf("-p %s -c listen_addresses=127.0.0.1 -k %s -c max_connections=200", pg.port, pg.dir), "start")
}

// ctl runs pg_ctl with args on the cluster.
func (pg *privatePG) ctl(t *testing.T, args ...string) {
	t.Helper()
	pg.run(t, "pg_ctl", append([]string{"-D", filepath.Join(pg.dir, "data"), "-w"}, args...)...)
}

func (pg *privatePG) url(db string) string {
	return "postgres://postgres@127.0.0.1:" + pg.port + "/" + db + "?sslmode=disable"
}

func (pg *privatePG) open(t *testing.T, db string) *sql.DB {
	t.Helper()
	d, err := sql.Open("postgres", pg.url(db))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// createDB creates an empty database; the server migrates it (serve --migrate).
func (pg *privatePG) createDB(t *testing.T, name string) string {
	t.Helper()
	d := pg.open(t, "postgres")
	defer d.Close()
	if _, err := d.Exec(`CREATE DATABASE ` + strconv.Quote(name)); err != nil {
		t.Fatal(err)
	}
	return pg.url(name)
}
