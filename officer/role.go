package officer

import "slices"

// Role is what an officer is allowed to do, as stored in officers.role. Every
// package asks a role for a Permission instead of listing roles, so a new
// role is added here once.
type Role string

// The roles.
const (
	// RoleOfficer triages reports.
	RoleOfficer Role = "officer"
	// RoleSupervisor also assigns, reopens, blocks, corrects outcomes,
	// proposes rewards and reads the audit log, exports and digests.
	RoleSupervisor Role = "supervisor"
	// RoleLeader is a supervisor who also approves rewards and may let a
	// second reward through a duplicate chain.
	RoleLeader Role = "leader"
	// RoleAdmin is a supervisor who also manages accounts, the health page
	// and the list of operations. An admin does not approve rewards: money
	// needs a leader.
	RoleAdmin Role = "admin"
	// RoleCounsellor works only the self-help questions, and nothing of
	// enforcement.
	RoleCounsellor Role = "counsellor"
)

// Roles lists every role, least to most privileged (counsellor stands apart).
var Roles = []Role{RoleOfficer, RoleSupervisor, RoleLeader, RoleAdmin, RoleCounsellor}

// Permission is one thing a role may do.
type Permission string

// The permissions.
const (
	// SeeReports: the enforcement pages, reports and their dashboard.
	SeeReports Permission = "see_reports"
	// SeeHelp: the self-help questions.
	SeeHelp Permission = "see_help"
	// Supervise: the supervisor's actions on reports (assign, reopen, block,
	// correct an outcome) and pages (audit, export, digests, campaigns).
	Supervise Permission = "supervise"
	// Counsel: the same actions on the self-help questions.
	Counsel Permission = "counsel"
	// ProposeReward: propose a reward and take it through notice and payment.
	ProposeReward Permission = "propose_reward"
	// ApproveReward: approve a reward someone else proposed, or override the
	// duplicate chain's refusal with a reason.
	ApproveReward Permission = "approve_reward"
	// Administer: accounts, health and the managed lists.
	Administer Permission = "administer"
)

var permissions = map[Role][]Permission{
	RoleOfficer:    {SeeReports},
	RoleSupervisor: {SeeReports, Supervise, ProposeReward},
	RoleLeader:     {SeeReports, Supervise, ProposeReward, ApproveReward},
	RoleAdmin:      {SeeReports, Supervise, ProposeReward, Administer},
	RoleCounsellor: {SeeHelp, Counsel},
}

// Valid says whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Can says whether the role holds the permission.
func (r Role) Can(p Permission) bool { return slices.Contains(permissions[r], p) }

// String is the role's code.
func (r Role) String() string { return string(r) }

// RolesThatCan lists the roles holding any of perms, in the order of Roles.
func RolesThatCan(perms ...Permission) []Role {
	var out []Role
	for _, r := range Roles {
		if slices.ContainsFunc(perms, r.Can) {
			out = append(out, r)
		}
	}
	return out
}
