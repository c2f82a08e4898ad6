package mail

import "time"

// SetPoolLimits changes how long s keeps a connection idle and how many messages one
// connection carries, so that tests need not send 100 messages or wait 30 s.
func SetPoolLimits(s *SMTPSender, idleTime time.Duration, maxSent int) {
	s.pool.mu.Lock()
	defer s.pool.mu.Unlock()
	s.pool.idleTime, s.pool.maxSent = idleTime, maxSent
}

// IdleConns returns how many connections s keeps idle.
func IdleConns(s *SMTPSender) int {
	s.pool.mu.Lock()
	defer s.pool.mu.Unlock()
	return len(s.pool.idle)
}
