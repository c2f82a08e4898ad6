package importfile

import "testing"

func TestNearest(t *testing.T) {
	groups := []string{"Engineering", "Admins", "Sales", "HR"}
	tests := []struct{ name, want string }{
		{"engineering", "Engineering"},
		{"Enginering", "Engineering"},
		{" Admin ", "Admins"},
		{"Slaes", ""}, // two edits in five letters is not close
		{"Marketing", ""},
		{"H", "HR"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Nearest(tt.name, groups); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
