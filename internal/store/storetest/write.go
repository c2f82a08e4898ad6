package storetest

import "console/internal/store"

// write runs one write in its own transaction: outside Tx the store offers
// only reads (store.Reads), as it does to the service.
func write(s *store.Store, fn func(q *store.Queries) error) error {
	return s.Tx(ctx, fn)
}

// writeN is write for a change that reports how many rows it touched.
func writeN(s *store.Store, fn func(q *store.Queries) (int64, error)) (n int64, err error) {
	err = s.Tx(ctx, func(q *store.Queries) error {
		n, err = fn(q)
		return err
	})
	return n, err
}
