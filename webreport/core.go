package webreport

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// intakeCore is what the web report asks of the intake core (*intake.Core):
// every rule of a report is the core's; the web only renders and reads forms.
type intakeCore interface {
	LoadDraft(ctx context.Context, tx sqlx.ExtContext, key intake.Key) (*intake.Draft, bool, error)
	SaveDraft(ctx context.Context, tx sqlx.ExtContext, d *intake.Draft) error
	DropDraft(ctx context.Context, tx sqlx.ExtContext, key intake.Key) error

	DescriptionMin() int
	DescriptionMax() int

	FileLimits(ch intake.Channel) intake.FileLimits
	ProblemText(ch intake.Channel, locale string, p intake.Problem) string
	KeepFile(ctx context.Context, tx sqlx.ExtContext, key intake.Key, ch intake.Channel, up intake.Upload) (intake.File, intake.Problem, error)
	Files(ctx context.Context, tx sqlx.ExtContext, key intake.Key) ([]intake.File, error)
	RemoveFile(ctx context.Context, tx sqlx.ExtContext, key intake.Key, id int64) error
	KeepAnyway(ctx context.Context, tx sqlx.ExtContext, key intake.Key, ch intake.Channel, id int64) (intake.Problem, error)

	Submit(ctx context.Context, tx sqlx.ExtContext, key intake.Key, r *intake.Report, o intake.SubmitOptions) (int64, queue.Receipt, error)
	CheckReceipt(ctx context.Context, tx sqlx.ExtContext, limitKey intake.Key, text string) (queue.ReporterView, error)
	Rate(ctx context.Context, tx sqlx.ExtContext, ch intake.Channel, tipID int64, v queue.Satisfaction) error
	Answer(ctx context.Context, tx sqlx.ExtContext, ch intake.Channel, tipID, questionID int64, text string, files []intake.Upload) (queue.Dialogue, error)
	AddInformation(ctx context.Context, tx sqlx.ExtContext, ch intake.Channel, tipID int64, text string, files []intake.Upload) (queue.Dialogue, error)

	Count(ctx context.Context, tx sqlx.ExtContext, key intake.Key, kind intake.LimitKind, window time.Duration) (int, error)
	Bump(ctx context.Context, tx sqlx.ExtContext, key intake.Key, kind intake.LimitKind, window time.Duration) (int, error)

	Emergency(locale string) string
}
