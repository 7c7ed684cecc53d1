package policy

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
)

func rsaPEM(t *testing.T) (priv, pub string) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// sign signs the files as `opa sign` does and returns them with their .signatures.json.
func sign(t *testing.T, files Files, privPEM string) Files {
	t.Helper()
	tgz, _ := files.TarGz()
	b, err := bundle.NewCustomReader(bundle.NewTarballLoaderWithBaseURL(bytes.NewReader(tgz), "")).WithRegoVersion(ast.RegoV1).Read()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.GenerateSignature(bundle.NewSigningConfig(privPEM, "RS256", ""), "bank", false); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := bundle.NewWriter(&out).Write(b); err != nil {
		t.Fatal(err)
	}
	signed, err := ReadTarGz(&out)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := signed[".signatures.json"]; !ok {
		t.Fatal("no .signatures.json written")
	}
	return signed
}

// TestSignedBundles: with a key configured, only bundles signed with it are accepted.
func TestSignedBundles(t *testing.T) {
	ctx := context.Background()
	priv, pub := rsaPEM(t)
	otherPriv, _ := rsaPEM(t)
	e := NewEngine()
	e.RequireSignature("bank", "RS256", pub)
	files := shipped(t)
	if _, err := e.Compile(ctx, files, "unsigned"); err == nil {
		t.Fatal("an unsigned bundle was accepted")
	}
	signed := sign(t, files, priv)
	p, err := e.Compile(ctx, signed, "signed")
	if err != nil {
		t.Fatalf("a correctly signed bundle was refused: %v", err)
	}
	if p.TestsRun == 0 {
		t.Fatal("the signed bundle's tests did not run")
	}
	tampered := Files{}
	for k, v := range signed {
		tampered[k] = v
	}
	// A reason text no test pins: only the signature can catch the change.
	tampered["data.json"] = bytes.Replace(signed["data.json"], []byte("manual review"), []byte("manual reviews"), 1)
	if bytes.Equal(tampered["data.json"], signed["data.json"]) {
		t.Fatal("fixture: nothing tampered")
	}
	var ce *CompileError
	if _, err := e.Compile(ctx, tampered, "tampered"); !errors.As(err, &ce) || ce.Stage != "read" {
		t.Fatalf("a bundle changed after signing was not refused by its signature: %v", err)
	}
	if _, err := e.Compile(ctx, sign(t, files, otherPriv), "other key"); err == nil {
		t.Fatal("a bundle signed with another key was accepted")
	}
}
