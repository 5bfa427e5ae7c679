// Declarations shared by the files of the makefile-project example.
#pragma once
#include <vector>

// histogram.cu
void histogram(const unsigned *d_data, int n, unsigned *d_bins);
// host.cpp
std::vector<unsigned> reference_cdf(const std::vector<unsigned> &data,
                                    int bins);
bool report(const char *what, const std::vector<unsigned> &got,
            const std::vector<unsigned> &want);
