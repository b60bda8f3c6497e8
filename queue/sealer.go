package queue

import (
	"fmt"

	"github.com/tipline/tipline/anon"
)

// sealer seals what the outbox keeps for a reporter (a question, a notice)
// with the configured keys, which the bot's sender opens it with.
func (s *Store) sealer() (*anon.Keys, error) {
	reporter, seal, _ := s.cfg.KeyBytes()
	k, err := anon.NewKeys(reporter, seal)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to seal a message to a reporter: %w", err)
	}
	return k, nil
}
