package models

import "testing"

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
		if it, ok := rd.GreenItem(code); !ok || it.Name != name {
			t.Errorf("GreenItem(%s) = %+v, %v; want %s", code, it, ok, name)
		}
	}
	if _, ok := rd.GreenItem("3.2"); ok {
		t.Error("a level-2 item was accepted as a green_category")
	}
}
