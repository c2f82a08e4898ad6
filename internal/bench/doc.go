// Package bench holds Console's benchmarks that need a whole server; see
// BENCHMARKS.md for the commands and the figures.
package bench
