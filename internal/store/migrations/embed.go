// Package migrations holds Console's numbered schema migrations, one folder
// per SQL dialect. Files are named NNNN_description.sql, applied in order,
// each in its own transaction; a migration never drops data.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
