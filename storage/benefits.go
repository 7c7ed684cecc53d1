package storage

// Benefits are a green loan's environmental benefits as its report gives them: the annual
// figures of the banking regulator's green-credit statistics, each in kilograms (thousandths of
// the tonnes reported; water saved in tonnes as well), and the loan's share of the project's
// financing in millionths. All zero when not reported.
type Benefits struct {
	CoalSavedKg              int64 `gorm:"not null;default:0"`
	CO2eReducedKg            int64 `gorm:"column:co2e_reduced_kg;not null;default:0"`
	CODReducedKg             int64 `gorm:"column:cod_reduced_kg;not null;default:0"`
	AmmoniaNitrogenReducedKg int64 `gorm:"not null;default:0"`
	SO2ReducedKg             int64 `gorm:"column:so2_reduced_kg;not null;default:0"`
	NOxReducedKg             int64 `gorm:"column:nox_reduced_kg;not null;default:0"`
	WaterSavedKg             int64 `gorm:"not null;default:0"`
	FinancingSharePPM        int64 `gorm:"not null;default:0"`
}

// BenefitFigures are the seven figures, each attributed to a loan by its financing share (or
// summed over loans), in kilograms; their order is BenefitNames'.
type BenefitFigures struct {
	CoalSavedKg              int64 `gorm:"not null;default:0"`
	CO2eReducedKg            int64 `gorm:"column:co2e_reduced_kg;not null;default:0"`
	CODReducedKg             int64 `gorm:"column:cod_reduced_kg;not null;default:0"`
	AmmoniaNitrogenReducedKg int64 `gorm:"not null;default:0"`
	SO2ReducedKg             int64 `gorm:"column:so2_reduced_kg;not null;default:0"`
	NOxReducedKg             int64 `gorm:"column:nox_reduced_kg;not null;default:0"`
	WaterSavedKg             int64 `gorm:"not null;default:0"`
}

// BenefitNames name the figures, in order: the report's field names without the unit.
var BenefitNames = []string{"coal_saved", "co2e_reduced", "cod_reduced", "ammonia_nitrogen_reduced", "so2_reduced", "nox_reduced", "water_saved"}

// List is the figures in BenefitNames' order.
func (f *BenefitFigures) List() [7]int64 {
	return [7]int64{f.CoalSavedKg, f.CO2eReducedKg, f.CODReducedKg, f.AmmoniaNitrogenReducedKg, f.SO2ReducedKg, f.NOxReducedKg, f.WaterSavedKg}
}

func (f *BenefitFigures) addScaled(v [7]int64, by int64) {
	f.CoalSavedKg += by * v[0]
	f.CO2eReducedKg += by * v[1]
	f.CODReducedKg += by * v[2]
	f.AmmoniaNitrogenReducedKg += by * v[3]
	f.SO2ReducedKg += by * v[4]
	f.NOxReducedKg += by * v[5]
	f.WaterSavedKg += by * v[6]
}

// Figures are the reported figures in BenefitNames' order.
func (b *Benefits) Figures() [7]int64 {
	return [7]int64{b.CoalSavedKg, b.CO2eReducedKg, b.CODReducedKg, b.AmmoniaNitrogenReducedKg, b.SO2ReducedKg, b.NOxReducedKg, b.WaterSavedKg}
}

// SetFigures sets the reported figures from BenefitNames' order.
func (b *Benefits) SetFigures(v [7]int64) {
	b.CoalSavedKg, b.CO2eReducedKg, b.CODReducedKg, b.AmmoniaNitrogenReducedKg = v[0], v[1], v[2], v[3]
	b.SO2ReducedKg, b.NOxReducedKg, b.WaterSavedKg = v[4], v[5], v[6]
}

// Attributed is each figure times the financing share, rounded down to the kilogram (validation
// bounds the figures so that the product cannot overflow).
func (b *Benefits) Attributed() [7]int64 {
	var out [7]int64
	for i, v := range b.Figures() {
		out[i] = v * b.FinancingSharePPM / 1_000_000
	}
	return out
}
