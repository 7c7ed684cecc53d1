package storage

import "time"

// DecisionChain is the head of one writer's hash chain. It is updated in the same
// transaction as every batch, so deleting the newest decision is detected too.
type DecisionChain struct {
	ChainID   string    `gorm:"primaryKey;size:96"`
	Seq       uint64    `gorm:"not null"`
	Hash      string    `gorm:"size:64;not null"`
	StartedAt time.Time `gorm:"precision:6;not null"`
	UpdatedAt time.Time `gorm:"precision:6;not null"`
	// Registration is the chain's start signed by the service's checkpoint key (a signed note
	// naming the chain and its start): a chain inserted behind the service's back has none that
	// verifies. Chains started before signing existed have "" and are known from the first
	// checkpoint's registry.
	Registration string `gorm:"type:text"`
	// HeadNote is the head signed by the writer's key (decisionlog.SignHead): the chain, Seq, Hash,
	// the time and whether the chain is closed. It moves with every batch in the same transaction,
	// so a head moved by anyone without the key is evident. "" on chains of earlier releases.
	HeadNote string `gorm:"column:head_note"`
}
