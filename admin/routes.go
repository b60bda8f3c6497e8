package admin

import (
	"io/fs"
	"net/http"

	"github.com/tipline/tipline/officer"
)

// Who may do what, asked of the role model (officer.Role.Can): the lists are
// the roles holding a permission.
var (
	everyone    = officer.Roles
	enforcement = officer.RolesThatCan(officer.SeeReports)
	supervisors = officer.RolesThatCan(officer.Supervise)
	blockers    = officer.RolesThatCan(officer.Supervise, officer.Counsel)
	rewarders   = officer.RolesThatCan(officer.ProposeReward, officer.ApproveReward)
	admins      = officer.RolesThatCan(officer.Administer)
	public      []officer.Role // nil: no login needed
	loggedIn    = []officer.Role{}
)

// route is one line of the route table; roles nil means public, empty means any
// logged-in officer (even one with a pending password change).
type route struct {
	pattern string
	roles   []officer.Role
	handle  http.HandlerFunc
}

func (h *handler) routeTable() []route {
	return []route{
		{"GET /login", public, h.showLogin},
		{"POST /login", public, h.submitLogin},
		{"GET /login/totp", public, h.showLoginTOTP},
		{"POST /login/totp", public, h.submitLoginTOTP},

		{"POST /logout", loggedIn, h.logout},
		{"POST /logout/everywhere", loggedIn, h.logoutEverywhere},
		{"GET /account/password", loggedIn, h.showPassword},
		{"POST /account/password", loggedIn, h.changePassword},
		{"GET /account/totp", loggedIn, h.showTOTPEnrol},
		{"GET /account/totp/qr.png", loggedIn, h.showTOTPQR},
		{"POST /account/totp", loggedIn, h.confirmTOTP},
		{"POST /account/locale", loggedIn, h.setLocale},

		{"GET /{$}", everyone, h.showHome},
		{"GET /queue", everyone, h.showQueue},
		{"GET /queue/count.json", everyone, h.countQueue},
		{"POST /queue/claim-next", everyone, h.claimNext},
		{"GET /tips/{id}", everyone, h.showTip},
		{"GET /tips/{id}/attachments/{att}", everyone, h.showAttachment},
		{"POST /tips/{id}/claim", everyone, h.claimTip},
		{"POST /tips/{id}/release", everyone, h.releaseTip},
		{"POST /tips/{id}/priority", everyone, h.prioritizeTip},
		{"POST /tips/{id}/ask", everyone, h.askReporter},
		{"POST /tips/{id}/resume", everyone, h.resumeTip},
		{"POST /tips/{id}/note", everyone, h.noteTip},
		{"POST /tips/{id}/labels", enforcement, h.labelTip},
		{"POST /tips/{id}/labels/remove", enforcement, h.unlabelTip},
		{"POST /tips/{id}/close", everyone, h.closeTip},
		{"POST /tips/{id}/forward", enforcement, h.forwardTip},
		{"POST /tips/{id}/assign", supervisors, h.assignTip},
		{"POST /tips/{id}/reopen", supervisors, h.reopenTip},
		{"POST /tips/{id}/reward", rewarders, h.rewardTip},
		{"POST /tips/{id}/outcome", supervisors, h.editOutcome},
		{"POST /tips/{id}/block", blockers, h.blockReporter},

		{"GET /dashboard", enforcement, h.showDashboard},
		{"GET /audit", supervisors, h.showAudit},
		{"GET /export.csv", supervisors, h.exportQueue},
		{"GET /export/outcomes.csv", supervisors, h.exportOutcomes},
		{"GET /export/outcomes.json", supervisors, h.exportOutcomes},
		{"GET /digests", supervisors, h.showDigests},
		{"GET /digests/preview", supervisors, h.previewDigest},

		{"GET /campaigns", supervisors, h.showCampaigns},
		{"GET /campaigns/new", supervisors, h.newCampaign},
		{"POST /campaigns", supervisors, h.createCampaign},
		{"GET /campaigns/{id}", supervisors, h.showCampaign},
		{"POST /campaigns/{id}", supervisors, h.updateCampaign},
		{"POST /campaigns/{id}/archive", supervisors, h.archiveCampaign},
		{"POST /campaigns/{id}/restore", supervisors, h.restoreCampaign},
		{"GET /campaigns/{id}/qr/{file}", supervisors, h.campaignQR},
		{"GET /campaigns/{id}/poster", supervisors, h.campaignPoster},
		{"GET /campaigns/{id}/files.zip", supervisors, h.campaignZip},

		{"GET /officers", admins, h.showOfficers},
		{"POST /officers", admins, h.createOfficer},
		{"POST /officers/{username}/role", admins, h.setOfficerRole},
		{"POST /officers/{username}/disable", admins, h.disableOfficer},
		{"POST /officers/{username}/enable", admins, h.enableOfficer},
		{"POST /officers/{username}/password", admins, h.resetOfficerPassword},
		{"POST /officers/{username}/totp-reset", admins, h.resetOfficerTOTP},
		{"POST /officers/{username}/unlock", admins, h.unlockOfficer},
		{"GET /leaders", supervisors, h.showLeaders},
		{"POST /leaders/listings", supervisors, h.listTown},
		{"POST /leaders/listings/{id}/delist", supervisors, h.delistTown},
		{"GET /canned", supervisors, h.showCannedQuestions},
		{"POST /canned", supervisors, h.createCannedQuestion},
		{"POST /canned/{id}", supervisors, h.editCannedQuestion},
		{"POST /canned/{id}/archive", supervisors, h.archiveCannedQuestion},
		{"GET /operations", admins, h.showOperations},
		{"POST /operations", admins, h.createOperation},
		{"POST /operations/{id}", admins, h.renameOperation},
		{"POST /operations/{id}/archive", admins, h.archiveOperation},
		{"GET /health", admins, h.showHealth},
		{"POST /health/parked/{id}/retry", admins, h.retryParked},
		{"POST /health/parked/{id}/discard", admins, h.discardParked},
	}
}

// routes builds the chains: standard (recover, log, secure headers) → dynamic
// (session, cross-origin protection, current officer) → protected (role).
func (h *handler) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	for _, rt := range h.routeTable() {
		var next http.Handler
		switch {
		case rt.roles == nil:
			next = rt.handle
		case len(rt.roles) == 0:
			next = h.requireLogin(rt.handle)
		default:
			next = h.requireRole(rt.roles, rt.handle)
		}
		mux.Handle(rt.pattern, next)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { h.notFound(w, r) })

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
	}))
	dynamic := h.sessions.LoadAndSave(cop.Handler(h.authenticate(mux)))
	return h.recoverPanic(h.logRequest(h.secureHeaders(dynamic)))
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}
