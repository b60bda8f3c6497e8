// Package clientaddr reads a request's client address behind reverse proxies
// that the configuration names, and no others: X-Forwarded-For from anyone
// else is a header the client wrote.
package clientaddr

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the reverse proxies allowed to set X-Forwarded-For.
type Proxies []netip.Prefix

// ParseProxies reads addresses or CIDRs; the error names the bad entry.
func ParseProxies(list []string) (Proxies, error) {
	var out Proxies
	for _, p := range list {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			addr, err2 := netip.ParseAddr(p)
			if err2 != nil {
				return nil, fmt.Errorf("bad trusted proxy %q: %w", p, err)
			}
			pfx = netip.PrefixFrom(addr, addr.BitLen())
		}
		out = append(out, pfx)
	}
	return out, nil
}

// Of is the client address of r: the peer, or, when the peer is a trusted
// proxy, the right-most X-Forwarded-For address that is not itself one.
func (ps Proxies) Of(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if !ps.trusted(addr) {
		return addr.String()
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !ps.trusted(a) {
			return a.String()
		}
	}
	return addr.String()
}

func (ps Proxies) trusted(a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
