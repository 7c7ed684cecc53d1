package portfolio

import (
	"greencredit/money"
	"testing"
)

func TestShareArithmetic(t *testing.T) {
	for _, c := range []struct {
		green, total money.Fen
		want         string
	}{{1, 3, "0.3333"}, {2, 3, "0.6667"}, {5, 100000, "0.0001"}, {4, 100000, "0.0000"}, {0, 0, "0.0000"}, {7, 7, "1.0000"}} {
		if got := Share(c.green, c.total); got != c.want {
			t.Errorf("share(%d, %d) = %s; want %s", c.green, c.total, got, c.want)
		}
	}
	if g := Gap(0, 1, 1000); g != 1 {
		t.Errorf("gap rounds up to the fen: %d", g)
	}
	if g := Gap(money.Fen(money.MaxFen), money.MaxFen, 1000); g != 0 {
		t.Errorf("gap when met: %d", g)
	}
}

func TestOverAndTargets(t *testing.T) {
	// Exactly at the cap is not over; one fen more is.
	if Over(150, 1000, 1500) || !Over(151, 1000, 1500) || Over(1, 0, 1500) {
		t.Error("Over at the threshold")
	}
	if Fraction(1750) != "0.1750" || Target(1000) != "0.10" {
		t.Errorf("Fraction %s Target %s", Fraction(1750), Target(1000))
	}
}

// TestHeadroomAndCapState: headroom is the most that keeps the share within the cap (one fen more
// passes it); the state is over above the cap, warning within the margin, ok below it.
func TestHeadroomAndCapState(t *testing.T) {
	const total, balance, capBP = money.Fen(100_000_000_000), money.Fen(8_000_000_000), 1250
	h := Headroom(balance, total, capBP)
	if h != 5_142_857_142 || Over(balance+h, total+h, capBP) || !Over(balance+h+1, total+h+1, capBP) {
		t.Fatalf("headroom %d", h)
	}
	if Headroom(15, 100, 1500) != 0 || Headroom(16, 100, 1500) != 0 {
		t.Fatal("a category at or over its cap has no headroom")
	}
	for _, c := range []struct {
		balance money.Fen
		want    string
	}{{1399, CapOK}, {1400, CapWarning}, {1500, CapWarning}, {1501, CapOver}} {
		if got := CapState(c.balance, 10000, 1500, 100); got != c.want {
			t.Fatalf("balance %d of 10000 against 15%% with a 1%% margin: %s, want %s", c.balance, got, c.want)
		}
	}
}
