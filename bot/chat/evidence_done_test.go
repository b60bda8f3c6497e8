package chat

import "testing"

// A file sent while describing is already the evidence: one press of "Done"
// finishes the description and the evidence, not one for each.
func TestOneDoneAfterAFile(t *testing.T) {
	f := setup(t)
	u := f.user("zh-hans")
	f.msg(u.SendCommand("/start"))
	f.press(u, "m:report")
	f.press(u, "c:selling")
	f.press(u, "a:dongshan")
	f.press(u, "o:today")
	f.msg(u.SendText("每天晚上九点有人在壶天镇菜市场后门卖冰毒,骑黑色摩托车。"))
	f.msg(u.SendPhoto(dirtyJPEG(t, "x"), ""))
	f.press(u, "d:done")
	if d := f.draft(u); d.Report.Step != stepConsent {
		t.Fatalf("after one Done with a file the step is %q, want consent", d.Report.Step)
	}
	f.expectLast(u, tr("zh-CN", "report.evidence.kept", 1))

	// Without a file the evidence step is still offered.
	v := f.user("zh-hans")
	f.msg(v.SendCommand("/start"))
	for _, data := range []string{"m:report", "c:selling", "a:dongshan", "o:today"} {
		f.press(v, data)
	}
	f.msg(v.SendText("每天晚上九点有人在壶天镇菜市场后门卖冰毒,骑黑色摩托车。"))
	f.press(v, "d:done")
	if d := f.draft(v); d.Report.Step != stepEvidence {
		t.Fatalf("without a file Done went to %q, want evidence", d.Report.Step)
	}
}
