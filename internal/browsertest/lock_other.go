//go:build !unix

package browsertest

import "errors"

func lockFile(string) (func(), error) {
	return nil, errors.New("installing Chromium is supported on Linux only")
}
