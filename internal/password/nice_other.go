//go:build !linux

package password

const canLowerPriority = false

func lowerThreadPriority(int) {}
