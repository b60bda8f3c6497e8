package metrics

import (
	"context"
	"net/http"
)

// patternKey holds, in a request's context, where nested Middlewares write the
// pattern of the innermost mux.
type patternKey struct{}

func contextWithSlot(r *http.Request, slot *string) context.Context {
	return context.WithValue(r.Context(), patternKey{}, slot)
}
