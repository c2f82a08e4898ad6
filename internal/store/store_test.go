package store_test

import (
	"testing"

	"console/internal/store/storetest"
)

func TestStoreContract(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) { storetest.Run(t, e) })
	}
}
