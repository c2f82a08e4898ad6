package importfile

// The template decision: the explanation travels inside the file as comment
// rows, because a template downloaded and filled days later has lost the page
// it came from. A comment row is one whose first cell starts with "# " (or
// is just "#"); the reader skips and counts it anywhere in the file. A hash
// followed by a space cannot start an email address, so no person is
// skipped by it. The comment text has no commas or quotes, so a spreadsheet
// shows each comment in one cell of column A and saves it back unchanged; the
// comments come after the header, so the header stays line 1 for other tools.

// TemplateName is the file name to offer the template under.
const TemplateName = "console-import.csv"

// TemplateExampleEmail is the address of the template's example row. It is
// under example.com (reserved by RFC 2606, never delivered), so a template
// uploaded with the example left in invites nobody real; the service may
// also point it out.
const TemplateExampleEmail = "ada@example.com"

// TemplateHelp explains the columns, for a face to show beside the upload.
// The same sentences are in the template as comment rows.
const TemplateHelp = `One person per row. email is required - name and groups may be left empty.
groups: names of groups as written in Console separated by ; (for example Engineering;Admins).
Rows whose first cell starts with # and a space are ignored. Delete the example row before uploading.`

// template is RFC 4180 CSV: CRLF line ends, and a UTF-8 byte-order mark so
// that Excel opens (and saves back) non-ASCII names typed into it as UTF-8.
const template = "\ufeffemail,name,groups\r\n" +
	TemplateExampleEmail + ",Ada Lovelace,Engineering;Admins\r\n" +
	"# One person per row. email is required - name and groups may be left empty.\r\n" +
	"# groups: names of groups as written in Console separated by ; (for example Engineering;Admins).\r\n" +
	"# Rows whose first cell starts with # and a space are ignored. Delete the example row before uploading.\r\n"

// Template returns the CSV template: header email,name,groups, one example
// row, and the explanation as comment rows. Open reads it back unchanged as
// one data row (the example) and three comments.
func Template() []byte { return []byte(template) }
