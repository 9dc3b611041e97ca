// Prints how go-yaml v2 and v3 resolve each value written as a plain scalar.
// Input: one JSON string per line. Output: JSON string, TAB, v2 type, TAB, v3 type.
// "invalid" means the value does not read back as that plain scalar.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	yamlv2 "gopkg.in/yaml.v2"
	yamlv3 "gopkg.in/yaml.v3"
)

func v3(s string) string {
	var n yamlv3.Node
	if err := yamlv3.Unmarshal([]byte("v: "+s+"\n"), &n); err != nil {
		return "invalid"
	}
	if len(n.Content) != 1 || len(n.Content[0].Content) != 2 {
		return "invalid"
	}
	v := n.Content[0].Content[1]
	if v.Kind != yamlv3.ScalarNode || v.Style != 0 || v.Value != s {
		return "invalid"
	}
	return strings.TrimPrefix(v.ShortTag(), "!!")
}

func v2(s string) string {
	var m map[string]interface{}
	if err := yamlv2.Unmarshal([]byte("v: "+s+"\n"), &m); err != nil || len(m) != 1 {
		return "invalid"
	}
	switch m["v"].(type) {
	case int, int64, uint64:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	case nil:
		return "null"
	case string:
		// a timestamp decodes into interface{} as its text; into time.Time only when resolved so
		var t struct{ V time.Time }
		if yamlv2.Unmarshal([]byte("v: "+s+"\n"), &t) == nil {
			return "timestamp"
		}
		return "str"
	}
	return fmt.Sprintf("%T", m["v"])
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var s string
		if err := json.Unmarshal(in.Bytes(), &s); err != nil {
			panic(err)
		}
		fmt.Fprintf(out, "%s\t%s\t%s\n", in.Text(), v2(s), v3(s))
	}
}
