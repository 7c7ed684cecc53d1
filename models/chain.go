package models

import "time"

// DecisionChain is the head of one writer's hash chain. It is updated in the same
// transaction as every batch, so deleting the newest decision is detected too.
type DecisionChain struct {
	ChainID   string    `gorm:"primaryKey;size:96"`
	Seq       uint64    `gorm:"not null"`
	Hash      string    `gorm:"size:64;not null"`
	StartedAt time.Time `gorm:"precision:6;not null"`
	UpdatedAt time.Time `gorm:"precision:6;not null"`
}
