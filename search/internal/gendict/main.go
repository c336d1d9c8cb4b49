// Command gendict writes search/dict/zh_trim.txt: the words of gse's
// simplified-Chinese dictionary (data/dict/zh/s_1.txt, Apache-2.0) whose
// frequency is at least -min, in the dictionary's own order and format
// ("word frequency part-of-speech").
//
// Run it from the search package with go generate; it finds gse through
// `go list -m`, so it needs the module in the module cache, nothing else.
//
//	go run ./internal/gendict -min 16 -out dict/zh_trim.txt
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	minFreq := flag.Float64("min", 16, "keep words with at least this frequency")
	src := flag.String("src", "", "path of s_1.txt (default: from the gse module in the module cache)")
	out := flag.String("out", "dict/zh_trim.txt", "output file")
	flag.Parse()

	if err := run(*src, *out, *minFreq); err != nil {
		fmt.Fprintln(os.Stderr, "gendict:", err)
		os.Exit(1)
	}
}

func run(src, out string, minFreq float64) error {
	if src == "" {
		dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
		if err != nil {
			return fmt.Errorf("locate gse module: %w", err)
		}
		src = filepath.Join(strings.TrimSpace(string(dir)), "data", "dict", "zh", "s_1.txt")
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()

	var buf bytes.Buffer
	kept, total := 0, 0
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		total++
		freq, err := strconv.ParseFloat(fields[1], 64)
		if err != nil || freq < minFreq {
			continue
		}
		buf.WriteString(strings.Join(fields, " "))
		buf.WriteByte('\n')
		kept++
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("gendict: kept %d of %d words (frequency >= %g), %d bytes -> %s\n", kept, total, minFreq, buf.Len(), out)
	return nil
}
