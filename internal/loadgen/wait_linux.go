//go:build linux

package loadgen

import (
	"context"
	"os"
	"syscall"
	"time"
	"unsafe"
)

// waiter sleeps until a request is due. Go's own timers wake up to a
// millisecond late on Linux when the process is idle (the runtime waits
// for them with epoll_wait, whose timeout is in milliseconds), which is
// longer than the answers being measured, and a paced run measures from
// the due time. A timerfd is a file that becomes readable when its timer
// expires: the runtime's poller wakes for it within microseconds, and no
// thread is blocked nor core kept spinning meanwhile.
type waiter struct {
	fd uintptr  // for timerfd_settime: f.Fd() would make f blocking
	f  *os.File // for reading through the poller
}

func newWaiter(ctx context.Context) (*waiter, error) {
	const clockMonotonic = 1
	fd, _, errno := syscall.Syscall(syscall.SYS_TIMERFD_CREATE, clockMonotonic, syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if errno != 0 {
		return nil, os.NewSyscallError("timerfd_create", errno)
	}
	w := &waiter{fd: fd, f: os.NewFile(fd, "timerfd")}
	context.AfterFunc(ctx, func() { w.f.SetReadDeadline(time.Now()) })
	return w, nil
}

// until returns at t, or when the context given to newWaiter is done.
func (w *waiter) until(t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return nil
	}
	spec := [2]syscall.Timespec{1: syscall.NsecToTimespec(int64(d))} // no interval, then d
	if _, _, errno := syscall.Syscall6(syscall.SYS_TIMERFD_SETTIME, w.fd, 0, uintptr(unsafe.Pointer(&spec)), 0, 0, 0); errno != 0 {
		return os.NewSyscallError("timerfd_settime", errno)
	}
	var expirations [8]byte
	_, err := w.f.Read(expirations[:])
	return err
}

func (w *waiter) Close() error { return w.f.Close() }
