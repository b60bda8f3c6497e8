package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// EnvPrefix starts the environment name of every key.
const EnvPrefix = "TIPLINE_"

// Environment variables that start with EnvPrefix but are not config keys.
var nonKeyEnv = map[string]bool{
	"TIPLINE_CONFIG":     true,
	"TIPLINE_PRIVATE_PG": true,
}

// Load reads the YAML file at path (none when path is empty), applies the
// environment (as os.Environ), then validates. Unknown keys, in the file or as
// TIPLINE_ variables, are errors: a typo must not silently disable something.
func Load(path string, environ []string) (*Config, error) {
	cfg := Default()
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		if err := decodeYAML(b, &cfg); err != nil {
			return nil, fmt.Errorf("config: %s: %w", path, err)
		}
	}
	if err := applyEnv(&cfg, environ); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func decodeYAML(b []byte, cfg *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// EnvNames lists the environment name of every scalar key, for documentation
// and tests.
func EnvNames() []string {
	var names []string
	walk(reflect.ValueOf(&Config{}).Elem(), "", func(path string, _ reflect.Value) {
		names = append(names, envName(path))
	})
	sort.Strings(names)
	return names
}

func envName(path string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(path, ".", "_"))
}

// walk calls fn for every settable leaf: scalars, Durations, and lists of
// strings or integers. Lists of structures (areas, categories) come only from
// the file.
func walk(v reflect.Value, path string, fn func(path string, v reflect.Value)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		p := tag
		if path != "" {
			p = path + "." + tag
		}
		fv := v.Field(i)
		switch {
		case f.Type == reflect.TypeOf(Duration(0)):
			fn(p, fv)
		case fv.Kind() == reflect.Struct:
			walk(fv, p, fn)
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			// file only
		default:
			fn(p, fv)
		}
	}
}

func applyEnv(cfg *Config, environ []string) error {
	env := map[string]string{}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if ok && strings.HasPrefix(k, EnvPrefix) && !nonKeyEnv[k] {
			env[k] = v
		}
	}
	var errs []error
	walk(reflect.ValueOf(cfg).Elem(), "", func(path string, v reflect.Value) {
		name := envName(path)
		s, ok := env[name]
		if !ok {
			return
		}
		delete(env, name)
		if err := setFromString(v, s); err != nil {
			errs = append(errs, fmt.Errorf("config: %s (from %s): %w", path, name, err))
		}
	})
	for name := range env {
		errs = append(errs, fmt.Errorf("config: unknown environment variable %s: no such key", name))
	}
	return errors.Join(errs...)
}

func setFromString(v reflect.Value, s string) error {
	if v.Type() == reflect.TypeOf(Duration(0)) {
		d, err := ParseDuration(s)
		if err != nil {
			return err
		}
		v.SetInt(int64(d))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", s)
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("want an integer, got %q", s)
		}
		v.SetInt(n)
	case reflect.Slice:
		parts := []string{}
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		out := reflect.MakeSlice(v.Type(), len(parts), len(parts))
		for i, p := range parts {
			if err := setFromString(out.Index(i), p); err != nil {
				return err
			}
		}
		v.Set(out)
	default:
		return fmt.Errorf("cannot be set from the environment")
	}
	return nil
}
