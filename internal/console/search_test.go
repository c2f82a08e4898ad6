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
		"Straße":             "strasse",
		"ΟΔΥΣΣΕΥΣ":           "οδυσσευσ",
		"Οδυσσεύς":           "οδυσσευσ",
		"Yılmaz":             "yilmaz",
		"İstanbul":           "istanbul",
	} {
		if got := SearchKey(in); got != want {
			t.Errorf("SearchKey(%q) = %q, want %q", in, got, want)
		}
	}
}
