package password

import "golang.org/x/sys/unix"

const canLowerPriority = true

// lowerThreadPriority sets the calling thread's nice value: on Linux,
// setpriority with a thread id applies to that thread alone.
func lowerThreadPriority(nice int) {
	_ = unix.Setpriority(unix.PRIO_PROCESS, unix.Gettid(), nice)
}
