// The histogram's shape: only histogram.cu and main.cu include it, so
// touching it rebuilds those two and nothing else.
#pragma once
#define NUM_BINS 32
