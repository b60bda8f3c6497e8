package config

import (
	"fmt"
	"strings"
)

// Outcomes configures what is recorded when a tip leads somewhere: the units
// a tip is forwarded to and the drugs a seizure is recorded as. Empty lists
// take the defaults below, so a config file names only what it changes.
type Outcomes struct {
	Units []Named `yaml:"units"`
	Drugs []Named `yaml:"drugs"`
}

// Named is one entry of a configured list: a stable code and its names.
type Named struct {
	Code string `yaml:"code"`
	Zh   string `yaml:"zh"`
	En   string `yaml:"en"`
}

// Name is the entry's name in a locale ("en" or Chinese for anything else).
func (n Named) Name(locale string) string { return Text{Zh: n.Zh, En: n.En}.In(locale) }

// UnitList is the configured receiving units, or the defaults.
func (o Outcomes) UnitList() []Named {
	if len(o.Units) == 0 {
		return DefaultUnits()
	}
	return o.Units
}

// DrugList is the configured drugs, or the defaults.
func (o Outcomes) DrugList() []Named {
	if len(o.Drugs) == 0 {
		return DefaultDrugs()
	}
	return o.Drugs
}

// Unit returns the receiving unit with that code.
func (o Outcomes) Unit(code string) (Named, bool) { return find(o.UnitList(), code) }

// Drug returns the drug with that code.
func (o Outcomes) Drug(code string) (Named, bool) { return find(o.DrugList(), code) }

func find(list []Named, code string) (Named, bool) {
	for _, n := range list {
		if n.Code == code {
			return n, true
		}
	}
	return Named{}, false
}

// DefaultUnits are the units of the Xiangxiang bureau a tip is usually
// handed to.
func DefaultUnits() []Named {
	return []Named{
		{"narcotics_brigade", "湘乡市公安局禁毒大队", "Narcotics brigade"},
		{"criminal_brigade", "湘乡市公安局刑事侦查大队", "Criminal investigation brigade"},
		{"public_order_brigade", "湘乡市公安局治安管理大队", "Public order brigade"},
		{"traffic_brigade", "湘乡市公安局交通警察大队", "Traffic police brigade"},
		{"local_station", "辖区派出所", "Local police station"},
	}
}

// DefaultDrugs are the drugs seizures are recorded as; the seizure tiers of
// rewards count their grams together.
func DefaultDrugs() []Named {
	return []Named{
		{"methamphetamine", "冰毒", "Methamphetamine"},
		{"meth_tablets", "麻古", "Methamphetamine tablets"},
		{"heroin", "海洛因", "Heroin"},
		{"ketamine", "氯胺酮", "Ketamine"},
		{"cannabis", "大麻", "Cannabis"},
		{"mdma", "摇头丸", "Ecstasy"},
		{"cocaine", "可卡因", "Cocaine"},
		{"new_psychoactive", "新精神活性物质", "New psychoactive substances"},
		{"other", "其他毒品", "Other drugs"},
	}
}

// validateOutcomes checks the units and drugs lists.
func (c *Config) validateOutcomes(bad func(key, format string, args ...any)) {
	for name, list := range map[string][]Named{"outcomes.units": c.Outcomes.Units, "outcomes.drugs": c.Outcomes.Drugs} {
		seen := map[string]bool{}
		for i, n := range list {
			key := fmt.Sprintf("%s[%d]", name, i)
			switch {
			case !codePattern.MatchString(n.Code):
				bad(key+".code", "must be 1–32 of a-z, 0-9 and _, got %q", n.Code)
			case seen[n.Code]:
				bad(key+".code", "%q appears twice", n.Code)
			case strings.TrimSpace(n.Zh) == "" || strings.TrimSpace(n.En) == "":
				bad(key, "needs both zh and en names")
			}
			seen[n.Code] = true
		}
	}
}
