package officer

import (
	"slices"
	"testing"
)

// TestRolePermissions is the role model's table: who may do what.
func TestRolePermissions(t *testing.T) {
	t.Parallel()
	want := map[Permission][]Role{
		SeeReports:    {RoleOfficer, RoleSupervisor, RoleLeader, RoleAdmin},
		SeeHelp:       {RoleCounsellor},
		Supervise:     {RoleSupervisor, RoleLeader, RoleAdmin},
		Counsel:       {RoleCounsellor},
		ProposeReward: {RoleSupervisor, RoleLeader, RoleAdmin},
		ApproveReward: {RoleLeader},
		Administer:    {RoleAdmin},
	}
	for p, roles := range want {
		if got := RolesThatCan(p); !slices.Equal(got, roles) {
			t.Errorf("%s: %v, want %v", p, got, roles)
		}
		for _, r := range Roles {
			if r.Can(p) != slices.Contains(roles, r) {
				t.Errorf("%s can %s: %v", r, p, r.Can(p))
			}
		}
	}
	if Role("chief").Valid() || Role("chief").Can(SeeReports) || !RoleLeader.Valid() {
		t.Error("an unknown role is valid or holds a permission")
	}
	if got := RolesThatCan(Supervise, Counsel); !slices.Equal(got, []Role{RoleSupervisor, RoleLeader, RoleAdmin, RoleCounsellor}) {
		t.Errorf("supervise or counsel: %v", got)
	}
}
