// The reduction's block size: only dot.cu includes it, so touching it
// rebuilds dot.cu alone.
#pragma once
#define DOT_BLOCK 256
