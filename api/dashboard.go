package api

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/policy"
	"greencredit/portfolio"
	"greencredit/reports"
	"greencredit/storage"
)

//go:embed dashboard.html
var dashboardHTML string

var dashboardTmpl = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"yuan":    func(f money.Fen) string { return f.Grouped() },
	"percent": percent,
	"exact":   exactPercent,
}).Parse(dashboardHTML))

// exactPercent shows an exact ratio as a percentage with four decimals ("0.202899" → "20.2899%"),
// "—" when it has no value (no base).
func exactPercent(r reports.ExactRatio) string {
	if r.Value == nil {
		return "—"
	}
	v, ok := new(big.Rat).SetString(*r.Value)
	if !ok {
		return *r.Value
	}
	return v.Mul(v, big.NewRat(100, 1)).FloatString(4) + "%"
}

// dashLevel1 is the green loans of one level-1 category of one catalogue version.
type dashLevel1 struct {
	Version, Level1, Name string
	Balance               money.Fen
	Loans                 int64
	Share                 string
}

// level1Rows folds the green-loans report's level-2 rows into their level-1 categories.
func level1Rows(r *reports.GreenLoans) []dashLevel1 {
	var out []dashLevel1
	for _, c := range r.ByCategory {
		if n := len(out); n > 0 && out[n-1].Version == c.CatalogueVersion && out[n-1].Level1 == c.Level1 {
			out[n-1].Balance += c.BalanceFen
			out[n-1].Loans += c.Loans
		} else {
			out = append(out, dashLevel1{Version: c.CatalogueVersion, Level1: c.Level1, Name: c.Level1Name, Balance: c.BalanceFen, Loans: c.Loans})
		}
	}
	for i := range out {
		out[i].Share = portfolio.Share(out[i].Balance, r.Green.BalanceFen)
	}
	return out
}

// dashCompression is the compression report against the plan in force (nil when none is set).
func (s *Server) dashCompression(c *gin.Context, pol *policy.Policy, now time.Time) (*reports.Compression, error) {
	stored, err := s.Store.LatestCompressionPlan(c.Request.Context())
	if err != nil || stored == nil {
		return nil, err
	}
	plan, err := reports.PlanOf(stored)
	if err != nil {
		return nil, err
	}
	return reports.BuildCompression(c.Request.Context(), s.Store, pol, plan, "", now)
}

type dashShare struct {
	Percent, TargetPercent, Green, Total, Gap, BranchID string
	BarWidth, TargetBar                                 float64
}

type dashDecline struct {
	DecidedAt, ApplicationID, BranchID, IndustryCode, Amount string
	Reasons                                                  []policy.Reason
}

func percent(share string) string { // "0.0734" → "7.34%"
	var w, f int
	fmt.Sscanf(share, "%d.%d", &w, &f)
	return fmt.Sprintf("%d.%02d%%", w*100+f/100, f%100)
}

func shareOf(v portfolio.GreenShare, targetBP int64) dashShare {
	d := dashShare{Percent: percent(v.Share), TargetPercent: percent(portfolio.Fraction(targetBP)),
		Green: v.GreenBalance.Grouped(), Total: v.TotalBalance.Grouped(), Gap: v.GapToTarget.Grouped(), BranchID: v.BranchID}
	// The bar spans 0–20% so the 10% target sits in the middle (display only).
	if v.TotalBalance > 0 {
		d.BarWidth = min(100, float64(v.GreenBalance)/float64(v.TotalBalance)*500)
	}
	d.TargetBar = min(100, float64(targetBP)/10000*500)
	return d
}

// dashboardAuth lets a browser sign in with HTTP Basic (any user name, the API key as password).
func (s *Server) dashboardAuth(c *gin.Context) {
	if v, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Basic "); ok {
		if b, err := base64.StdEncoding.DecodeString(v); err == nil {
			if _, key, ok := strings.Cut(string(b), ":"); ok {
				c.Request.Header.Set("Authorization", "Bearer "+key)
			}
		}
	}
	if len(s.Keys) > 0 && c.GetHeader("Authorization") == "" {
		// Ask the browser for the key.
		c.Header("WWW-Authenticate", `Basic realm="greencredit dashboard", charset="UTF-8"`)
		writeError(c, s.Log, &Error{Status: http.StatusUnauthorized, Code: "unauthenticated",
			Message: "sign in with the API key as password"})
		return
	}
	s.authenticate(c)
}

func (s *Server) dashboard(c *gin.Context) error {
	data, err := s.dashboardData(c)
	if err != nil {
		return err
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	if err := dashboardTmpl.Execute(c.Writer, data); err != nil {
		s.logFor(c).ErrorContext(c.Request.Context(), "dashboard", "err", err)
	}
	return nil
}

// dashboardData is what the dashboard's panels show (the dashboard, and the console's portfolio
// page).
func (s *Server) dashboardData(c *gin.Context) (map[string]any, error) {
	ctx := c.Request.Context()
	now := time.Now().UTC()
	today := now.Format(time.DateOnly)
	pol := s.Policy.Active()
	target := portfolio.TargetBP(pol)
	cur, err := portfolio.GreenShareAt(ctx, s.Store, today, "", target)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"AsOf": today, "Share": shareOf(*cur, target)}
	if p := pol; p != nil {
		data["PolicyRevision"], data["PolicyDigest"] = p.Revision, p.Digest[:19]+"…"
	}
	var branches []dashShare
	for _, b := range cur.ByBranch {
		branches = append(branches, shareOf(b, target))
	}
	data["Branches"] = branches
	book, err := portfolio.Status(ctx, s.Store, s.Book, pol)
	if err != nil {
		return nil, err
	}
	data["Book"] = book
	if pol != nil {
		b, err := s.BookNow(ctx)
		if err != nil {
			return nil, err
		}
		data["Caps"] = reports.Categories(&b, pol, pol.WarningMarginBP(s.CapWarningMarginBP))
		if data["Compression"], err = s.dashCompression(c, pol, now); err != nil {
			return nil, err
		}
	}
	gl, err := reports.BuildGreenLoans(ctx, s.Store, s.Ref, now)
	if err != nil {
		return nil, err
	}
	data["GreenByLevel1"] = level1Rows(gl)
	if pol != nil { // the central bank's evaluation at the last quarter end that has come
		if data["Evaluation"], err = reports.BuildIndicators(ctx, s.Store, pol, reports.QuarterOf(bankToday()).Add(-1), now); err != nil {
			return nil, err
		}
	}

	// Trend: the share at each of the last 12 month ends (and today).
	var pts []float64
	var labels []string
	for i := 11; i >= 0; i-- {
		d := time.Date(now.Year(), now.Month()-time.Month(i)+1, 0, 0, 0, 0, 0, time.UTC)
		if i == 0 {
			d = now
		}
		v, err := portfolio.GreenShareAt(ctx, s.Store, d.Format(time.DateOnly), "", target)
		if err != nil {
			return nil, err
		}
		f := 0.0
		if v.TotalBalance > 0 {
			f = float64(v.GreenBalance) / float64(v.TotalBalance)
		}
		pts, labels = append(pts, f), append(labels, d.Format("01月"))
	}
	data["TrendSVG"] = trendSVG(pts, labels, float64(target)/10000)

	// Decisions by stance per day, last 14 days.
	from := time.Date(now.Year(), now.Month(), now.Day()-13, 0, 0, 0, 0, time.UTC)
	rows, err := s.Store.StanceCounts(ctx, from)
	if err != nil {
		return nil, err
	}
	counts := map[string]map[string]int{}
	for _, r := range rows {
		if counts[r.Day] == nil {
			counts[r.Day] = map[string]int{}
		}
		counts[r.Day][r.Stance] += r.N
	}
	data["StanceSVG"] = stanceSVG(from, counts)

	declines, err := decisionlog.Latest(ctx, s.Store, storage.DecisionFilter{Outcome: "decline"}, 10)
	if err != nil {
		return nil, err
	}
	var ds []dashDecline
	for _, r := range declines {
		v := viewOf(r)
		ds = append(ds, dashDecline{DecidedAt: v.DecidedAt.Format("2006-01-02 15:04"), ApplicationID: v.ApplicationID,
			BranchID: v.BranchID, IndustryCode: v.IndustryCode, Amount: v.Amount.Grouped(), Reasons: v.Reasons})
	}
	data["Declines"] = ds
	return data, nil
}

// trendSVG draws the share line against the target, 0–20% on the vertical axis.
func trendSVG(pts []float64, labels []string, target float64) template.HTML {
	const w, h, pad = 600.0, 200.0, 30.0
	y := func(v float64) float64 { return h - pad - min(v, 0.2)/0.2*(h-2*pad) }
	x := func(i int) float64 { return pad + float64(i)*(w-2*pad)/float64(max(1, len(pts)-1)) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="green share trend">`, w, h)
	for _, g := range []float64{0, 0.05, 0.1, 0.15, 0.2} {
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#e6ebe8"/><text x="2" y="%.1f" font-size="10" fill="#5f6f67">%.0f%%</text>`,
			pad, w-pad, y(g), y(g), y(g)+3, g*100)
	}
	fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#c0392b" stroke-dasharray="5 4"/><text x="%.0f" y="%.1f" font-size="11" fill="#c0392b">目标 target</text>`,
		pad, w-pad, y(target), y(target), w-pad-60, y(target)-4)
	var path strings.Builder
	for i, v := range pts {
		fmt.Fprintf(&path, "%.1f,%.1f ", x(i), y(v))
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="#1f6f4a"/><text x="%.1f" y="%.0f" font-size="10" text-anchor="middle" fill="#5f6f67">%s</text>`,
			x(i), y(v), x(i), h-8, template.HTMLEscapeString(labels[i]))
	}
	fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#1f6f4a" stroke-width="2"/></svg>`, path.String())
	return template.HTML(b.String()) //nolint:gosec // numbers and escaped labels only
}

// stanceSVG draws stacked bars of decisions per day by stance.
func stanceSVG(from time.Time, counts map[string]map[string]int) template.HTML {
	const w, h, pad = 600.0, 200.0, 24.0
	stances := []struct{ name, colour string }{{"support", "#1f6f4a"}, {"control", "#e0a526"}, {"compress", "#c0392b"}, {"neutral", "#9aa5a0"}}
	maxN := 1
	for _, m := range counts {
		t := 0
		for _, n := range m {
			t += n
		}
		maxN = max(maxN, t)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="decisions by stance">`, w, h)
	bw := (w - 2*pad) / 14
	for i := 0; i < 14; i++ {
		day := from.AddDate(0, 0, i).Format(time.DateOnly)
		top := h - pad
		for _, st := range stances {
			n := counts[day][st.name]
			hh := float64(n) / float64(maxN) * (h - 2*pad)
			top -= hh
			if n > 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %d</title></rect>`,
					pad+float64(i)*bw+2, top, bw-4, hh, st.colour, day, st.name, n)
			}
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="9" text-anchor="middle" fill="#5f6f67">%s</text>`, pad+float64(i)*bw+bw/2, h-8, day[5:])
	}
	fmt.Fprintf(&b, `<text x="2" y="%.0f" font-size="10" fill="#5f6f67">%d</text></svg>`, pad, maxN)
	return template.HTML(b.String()) //nolint:gosec // numbers and fixed strings only
}
