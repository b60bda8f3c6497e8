package queue

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// QuestionImage is an image an officer sent with a question, as the
// reporter's status page shows it.
type QuestionImage struct {
	MIME string `db:"mime"`
	Data []byte `db:"data"`
}

// questionImages reads the images of questions, by question.
func (s *Store) questionImages(ctx context.Context, tx sqlx.QueryerContext, questions []Dialogue) (map[int64][]QuestionImage, error) {
	ids := make([]int64, len(questions))
	for i, q := range questions {
		ids[i] = q.ID
	}
	var rows []struct {
		DialogueID int64 `db:"dialogue_id"`
		QuestionImage
	}
	err := sqlx.SelectContext(ctx, tx, &rows, `
		SELECT dialogue_id, mime, data FROM attachments
		 WHERE dialogue_id = ANY($1) AND kind = 'image' ORDER BY id`, pqInt64s(ids))
	if err != nil {
		return nil, fmt.Errorf("queue: unable to read the questions' images: %w", err)
	}
	out := map[int64][]QuestionImage{}
	for _, r := range rows {
		out[r.DialogueID] = append(out[r.DialogueID], r.QuestionImage)
	}
	return out, nil
}
