package console

import "testing"

func TestSearchKey(t *testing.T) {
	for in, want := range map[string]string{
		"Élodie Durand":      "elodie durand",
		"ÉLODIE":             "elodie",
		"Özgür  Şahin":       "ozgur sahin",
		"Ｊａｎｅ":               "jane",
		"Ἀθηνᾶ":              "αθηνα",
		"jane.doe@acme.test": "jane.doe@acme.test",
		"ﬁnn":                "finn",
	} {
		if got := SearchKey(in); got != want {
			t.Errorf("SearchKey(%q) = %q, want %q", in, got, want)
		}
	}
}
