package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// machineSummary is the machine in one line, as mapheap's Swift side writes it
// (HeapStats/MachineInfo.swift): "AMD EPYC 7B13, 2 cores, 23.5 GiB" (", limit 8.0 GiB" under a
// cgroup memory limit).
func machineSummary() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		found := map[string]string{}
		for _, line := range strings.Split(string(data), "\n") {
			key, value, ok := strings.Cut(line, ":")
			key, value = strings.TrimSpace(key), strings.TrimSpace(value)
			if ok && value != "" {
				if _, seen := found[key]; !seen {
					found[key] = value
				}
			}
		}
		for _, k := range []string{"model name", "Model", "cpu model", "uarch"} {
			if v, ok := found[k]; ok {
				cpu = v
				break
			}
		}
	}
	cores := onlineCPUs()
	plural := "s"
	if cores == 1 {
		plural = ""
	}
	var info syscall.Sysinfo_t
	physical := int64(0)
	if syscall.Sysinfo(&info) == nil {
		physical = int64(info.Totalram) * int64(info.Unit)
	}
	text := fmt.Sprintf("%s, %d core%s, %s", cpu, cores, plural, gibibytes(physical))
	if data, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if limit, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil && limit < physical {
			text += ", limit " + gibibytes(limit)
		}
	}
	return text
}

// onlineCPUs counts /sys/devices/system/cpu/online ("0-1,4"), as sysconf(_SC_NPROCESSORS_ONLN).
func onlineCPUs() int {
	data, err := os.ReadFile("/sys/devices/system/cpu/online")
	if err != nil {
		return runtime.NumCPU()
	}
	n := 0
	for _, part := range strings.Split(strings.TrimSpace(string(data)), ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(lo)
		b := a
		var err2 error
		if isRange {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil {
			return runtime.NumCPU()
		}
		n += b - a + 1
	}
	return max(1, n)
}

// gibibytes is bytes in GiB with one decimal, rounded as the Swift side rounds.
func gibibytes(bytes int64) string {
	tenths := (bytes*10 + (1 << 29)) >> 30
	return fmt.Sprintf("%d.%d GiB", tenths/10, tenths%10)
}
