package domain

// Term is one value of a vocabulary: the code stored in the database and
// the labels people read.
type Term struct {
	Code string `json:"code"`
	Zh   string `json:"zh"`
	En   string `json:"en"`
}

// Terms is a vocabulary in display order.
type Terms []Term

// Codes lists the stored values, in order.
func (ts Terms) Codes() []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Code
	}
	return out
}

// Has reports whether code is one of the values.
func (ts Terms) Has(code string) bool {
	for _, t := range ts {
		if t.Code == code {
			return true
		}
	}
	return false
}

// Zh is the Chinese label of code, or the code itself when unknown.
func (ts Terms) Zh(code string) string {
	for _, t := range ts {
		if t.Code == code {
			return t.Zh
		}
	}
	return code
}

// En is the English label of code, or the code itself when unknown.
func (ts Terms) En(code string) string {
	for _, t := range ts {
		if t.Code == code {
			return t.En
		}
	}
	return code
}

// Only is the sub-vocabulary of the given codes, in the order given.
func (ts Terms) Only(codes ...string) Terms {
	out := make(Terms, 0, len(codes))
	for _, c := range codes {
		for _, t := range ts {
			if t.Code == c {
				out = append(out, t)
			}
		}
	}
	return out
}
