package api

import (
	"reflect"
	"testing"

	"greencredit/storage/dbtest"
)

// TestNewRouterChangesNothing: building a router leaves the Server it was given as it was (the
// router's defences and defaults live in its own copy).
func TestNewRouterChangesNothing(t *testing.T) {
	_, s := newTestServer(t, dbtest.SQLite(t))
	s.Metrics, s.BodyLimit = nil, 0
	before := *s
	NewRouter(s)
	if s.guards != nil || s.Metrics != nil || s.BodyLimit != 0 || !reflect.DeepEqual(*s, before) {
		t.Fatalf("NewRouter changed its Server: %+v", s)
	}
}
