// Package docs embeds the service's OpenAPI description, served at /openapi.yaml.
package docs

import _ "embed"

// OpenAPI is docs/openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
