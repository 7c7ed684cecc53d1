package refdata

import (
	"bytes"
	"os"
	"slices"
	"testing"
)

func TestRefDataCounts(t *testing.T) {
	rd, err := LoadRefData()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"industry.section": 20, "industry.division": 97, "industry.group": 473, "industry.class": 1381,
		"green.1": 6, "green.2": 30, "green.3": 211}
	for k, n := range want {
		if got := rd.Counts()[k]; got != n {
			t.Errorf("%s: %d entries, want %d (see refdata/SOURCES.md)", k, got, n)
		}
	}
	for code, name := range map[string]string{"C3011": "水泥制造", "D4416": "太阳能发电", "C3825": "光伏设备及元器件制造",
		"K70": "房地产业", "N772": "环境治理业", "C3741": "飞机制造", "A0111": "稻谷种植", "T9700": "国际组织"} {
		if it, ok := rd.Industry(code); !ok || it.Name != name {
			t.Errorf("Industry(%s) = %+v, %v; want %s", code, it, ok, name)
		}
	}
	if _, ok := rd.Industry("C"); ok {
		t.Error("a bare section letter is not an industry_code")
	}
	for _, bad := range []string{"C3098", "Z01", "A0110", "K7099"} {
		if _, ok := rd.Industry(bad); ok {
			t.Errorf("Industry(%s) accepted", bad)
		}
	}
	for code, name := range map[string]string{"1.1.1": "节能锅炉制造", "3.2.2": "太阳能利用设施建设和运营", "3.1.1": "风力发电装备制造",
		"4.2.5": "国家公园、世界遗产、国家级风景名胜区、国家森林公园、国家地质公园、国家湿地公园等保护性运营"} {
		if it, ok := rd.GreenItemOf(GreenCatalogue2019, code); !ok || it.Name != name {
			t.Errorf("GreenItem(%s) = %+v, %v; want %s", code, it, ok, name)
		}
	}
	if _, ok := rd.GreenItemOf(GreenCatalogue2019, "3.2"); ok {
		t.Error("a level-2 item was accepted as a green_category")
	}
}

// TestGreenCatalogue2025: the 2025 catalogue's published counts, an item of each kind, and the
// classes the catalogue lists for its items.
func TestGreenCatalogue2025(t *testing.T) {
	rd, err := LoadRefData()
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range map[string]int{"green2025.1": 9, "green2025.2": 38, "green2025.3": 271} {
		if got := rd.Counts()[k]; got != n {
			t.Errorf("%s: %d entries, want %d", k, got, n)
		}
	}
	if it, ok := rd.GreenItemOf(GreenCatalogue2025, "1.1.1"); !ok || it.Name != "节能锅炉制造" {
		t.Errorf("2025 1.1.1 = %+v %v", it, ok)
	}
	// The same code means different things in the two versions.
	a, _ := rd.GreenItemOf(GreenCatalogue2019, "3.2.2")
	b, _ := rd.GreenItemOf(GreenCatalogue2025, "3.2.2")
	if a.Name == b.Name || a.Name == "" || b.Name == "" {
		t.Errorf("3.2.2: 2019 %q, 2025 %q", a.Name, b.Name)
	}
	if _, ok := rd.GreenItemOf(GreenCatalogue2025, "9.1.4"); ok {
		t.Error("9.1.4 does not exist in 2025 (9.1 has three items)")
	}
	if got := rd.Classes2025("4.2.2"); !slices.Contains(got, "D4416") {
		t.Errorf("4.2.2 lists %v, want D4416 among them", got)
	}
	listed, empty := 0, 0
	for _, code := range rd.greenOrder[GreenCatalogue2025] {
		if it := rd.green[GreenCatalogue2025][code]; it.Level == "3" {
			if len(rd.Classes2025(code)) == 0 {
				empty++
			} else {
				listed++
			}
		}
	}
	if listed+empty != 271 || empty == 0 || listed < 250 {
		t.Errorf("%d items list classes, %d none", listed, empty)
	}
	if got := rd.ClassesUnder("C336"); !slices.Equal(got, []string{"C3360"}) {
		t.Errorf("ClassesUnder(C336) = %v", got)
	}
}

// TestBundleReferenceUpToDate: the bundle's reference data is what scripts/bundledata
// generates from these tables (run it after changing one).
func TestBundleReferenceUpToDate(t *testing.T) {
	rd, err := LoadRefData()
	if err != nil {
		t.Fatal(err)
	}
	want, err := rd.BundleReference()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../rego/greencredit/reference/data.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("rego/greencredit/reference/data.json is stale: run go run ./scripts/bundledata")
	}
}
