/*===- libdevice/bessel.cu - Bessel functions -----------------------------===*
 *
 * cumetal libdevice: j0f, j1f, jnf, y0f, y1f, ynf, cyl_bessel_i0f,
 * cyl_bessel_i1f.
 *
 * |x| < 8: piecewise polynomials (our own Chebyshev-node fits, variables
 * x^2 or x - C) with every zero in the interval factored out as
 * (x - z_hi - z_lo), so the relative error stays small next to the zeros
 * (the approach of e.g. J. Harrison, "Fast and accurate Bessel function
 * computation", ARITH 2009). Near 0, Y0 and Y1 use the classical split
 * (A&S 9.1.13) Y(x) = (2/pi) J(x) log(x/z1) + (x^2 - z1^2) U(x^2) [/ x]
 * with log(x/z1) = log1p((x - z1)/z1) near the first zero z1.
 * |x| >= 8: Hankel's asymptotic expansions (A&S 9.2.5-9.2.10) with the
 * phase from sincos(x); the absolute error is far below CUDA's 2.2e-6.
 * jn: forward recurrence for x >= n, Miller's backward recurrence (A&S
 * 9.12, Numerical Recipes' bessj) normalised by j0 or j1 below; yn: forward
 * recurrence. I0/I1: polynomial in x^2 up to 8, exp(x)/sqrt(x) Q(1/x)
 * beyond, with the float-float exp kernel and its separate power of two.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

#define __CUMETAL_J0_P1_C 0.000000000e+00f

/* j0(sqrt(s)) in s = x^2 on [0, 2.25], polynomial in x - C, degree 5, max rel
 * err 5.6e-11 */
__CUMETAL_LD__ float __cumetal_j0_p1(float t) {
  float p = -6.470544633e-08f;
  p = __nv_fmaf(p, t, 6.773863333e-06f);
  p = __nv_fmaf(p, t, -4.340186715e-04f);
  p = __nv_fmaf(p, t, 1.562499534e-02f);
  p = __nv_fmaf(p, t, -2.500000000e-01f);
  p = __nv_fmaf(p, t, 1.000000000e+00f);
  return p;
}

#define __CUMETAL_J0_P2_C 2.750000000e+00f

/* j0(x)/(x - z1) on [1.5, 4.0], polynomial in x - C, degree 9, max rel
 * err 1.7e-10 */
__CUMETAL_LD__ float __cumetal_j0_p2(float t) {
  float p = 5.578719708e-08f;
  p = __nv_fmaf(p, t, -3.594043108e-07f);
  p = __nv_fmaf(p, t, -5.590091405e-06f);
  p = __nv_fmaf(p, t, 3.162700523e-05f);
  p = __nv_fmaf(p, t, 3.429483622e-04f);
  p = __nv_fmaf(p, t, -1.666502212e-03f);
  p = __nv_fmaf(p, t, -1.133853011e-02f);
  p = __nv_fmaf(p, t, 4.618554935e-02f);
  p = __nv_fmaf(p, t, 1.435781568e-01f);
  p = __nv_fmaf(p, t, -4.755318165e-01f);
  return p;
}

#define __CUMETAL_J0_P3_C 6.000000000e+00f

/* j0(x)/(x - z2) on [4.0, 8.0], polynomial in x - C, degree 11, max rel
 * err 3.4e-10 */
__CUMETAL_LD__ float __cumetal_j0_p3(float t) {
  float p = 3.643947644e-10f;
  p = __nv_fmaf(p, t, -2.754006356e-09f);
  p = __nv_fmaf(p, t, -5.359314414e-08f);
  p = __nv_fmaf(p, t, 3.759726326e-07f);
  p = __nv_fmaf(p, t, 5.046114893e-06f);
  p = __nv_fmaf(p, t, -3.245804328e-05f);
  p = __nv_fmaf(p, t, -2.903922577e-04f);
  p = __nv_fmaf(p, t, 1.690714736e-03f);
  p = __nv_fmaf(p, t, 8.464995772e-03f);
  p = __nv_fmaf(p, t, -4.343003407e-02f);
  p = __nv_fmaf(p, t, -7.753659040e-02f);
  p = __nv_fmaf(p, t, 3.138953745e-01f);
  return p;
}

#define __CUMETAL_J1_P1_C 0.000000000e+00f

/* j1(x)/x in s = x^2 on [0, 4.0], polynomial in x - C, degree 5, max rel
 * err 2.2e-10 */
__CUMETAL_LD__ float __cumetal_j1_p1(float t) {
  float p = -5.260968106e-09f;
  p = __nv_fmaf(p, t, 6.764304885e-07f);
  p = __nv_fmaf(p, t, -5.424988558e-05f);
  p = __nv_fmaf(p, t, 2.604163252e-03f);
  p = __nv_fmaf(p, t, -6.250000000e-02f);
  p = __nv_fmaf(p, t, 5.000000000e-01f);
  return p;
}

#define __CUMETAL_J1_P2_C 3.750000000e+00f

/* j1(x)/(x - z1) on [2.0, 5.5], polynomial in x - C, degree 10, max rel
 * err 5.5e-10 */
__CUMETAL_LD__ float __cumetal_j1_p2(float t) {
  float p = 4.694723277e-09f;
  p = __nv_fmaf(p, t, 2.682621947e-08f);
  p = __nv_fmaf(p, t, -5.944930308e-07f);
  p = __nv_fmaf(p, t, -2.649801900e-06f);
  p = __nv_fmaf(p, t, 4.783612530e-05f);
  p = __nv_fmaf(p, t, 1.515961631e-04f);
  p = __nv_fmaf(p, t, -2.299797023e-03f);
  p = __nv_fmaf(p, t, -4.438725300e-03f);
  p = __nv_fmaf(p, t, 5.458971485e-02f);
  p = __nv_fmaf(p, t, 4.372941330e-02f);
  p = __nv_fmaf(p, t, -4.066942632e-01f);
  return p;
}

#define __CUMETAL_J1_P3_C 6.750000000e+00f

/* j1(x)/(x - z2) on [5.5, 8.0], polynomial in x - C, degree 8, max rel
 * err 2.4e-09 */
__CUMETAL_LD__ float __cumetal_j1_p3(float t) {
  float p = 5.981811455e-07f;
  p = __nv_fmaf(p, t, 1.091052923e-06f);
  p = __nv_fmaf(p, t, -4.827851808e-05f);
  p = __nv_fmaf(p, t, -5.080904884e-05f);
  p = __nv_fmaf(p, t, 2.223268151e-03f);
  p = __nv_fmaf(p, t, 8.221076569e-04f);
  p = __nv_fmaf(p, t, -4.855335504e-02f);
  p = __nv_fmaf(p, t, 4.062113352e-03f);
  p = __nv_fmaf(p, t, 3.024353087e-01f);
  return p;
}

#define __CUMETAL_Y0_U_C 2.000000000e+00f

/* U(s) with y0(x) = (2/pi) j0(x) log(x/z1) + (x^2 - z1^2) U(x^2), s = x^2 on
 * [0, 4.0], polynomial in x - C, degree 5, max rel err 6.5e-11 */
__CUMETAL_LD__ float __cumetal_y0_u(float t) {
  float p = -7.495395971e-10f;
  p = __nv_fmaf(p, t, 1.000858205e-07f);
  p = __nv_fmaf(p, t, -9.063597645e-06f);
  p = __nv_fmaf(p, t, 5.049491301e-04f);
  p = __nv_fmaf(p, t, -1.461284980e-02f);
  p = __nv_fmaf(p, t, 1.508246660e-01f);
  return p;
}

#define __CUMETAL_Y0_P2_C 3.750000000e+00f

/* y0(x)/(x - z2) on [2.0, 5.5], polynomial in x - C, degree 12, max rel
 * err 1.8e-09 */
__CUMETAL_LD__ float __cumetal_y0_p2(float t) {
  float p = 2.973648439e-09f;
  p = __nv_fmaf(p, t, -1.223318602e-08f);
  p = __nv_fmaf(p, t, 2.362521023e-08f);
  p = __nv_fmaf(p, t, -4.616634897e-08f);
  p = __nv_fmaf(p, t, -1.971757371e-07f);
  p = __nv_fmaf(p, t, -4.512227406e-06f);
  p = __nv_fmaf(p, t, 5.769521886e-05f);
  p = __nv_fmaf(p, t, 1.275696995e-04f);
  p = __nv_fmaf(p, t, -2.351838397e-03f);
  p = __nv_fmaf(p, t, -4.963920452e-03f);
  p = __nv_fmaf(p, t, 6.221212447e-02f);
  p = __nv_fmaf(p, t, 2.574091032e-02f);
  p = __nv_fmaf(p, t, -4.105229378e-01f);
  return p;
}

#define __CUMETAL_Y0_P3_C 6.750000000e+00f

/* y0(x)/(x - z3) on [5.5, 8.0], polynomial in x - C, degree 8, max rel
 * err 2.4e-09 */
__CUMETAL_LD__ float __cumetal_y0_p3(float t) {
  float p = 6.248940281e-07f;
  p = __nv_fmaf(p, t, 1.003914008e-06f);
  p = __nv_fmaf(p, t, -5.038067684e-05f);
  p = __nv_fmaf(p, t, -4.275437823e-05f);
  p = __nv_fmaf(p, t, 2.331323689e-03f);
  p = __nv_fmaf(p, t, 2.705158549e-04f);
  p = __nv_fmaf(p, t, -4.985071719e-02f);
  p = __nv_fmaf(p, t, 1.188799553e-02f);
  p = __nv_fmaf(p, t, 3.016925454e-01f);
  return p;
}

#define __CUMETAL_Y1_U_C 6.125000000e+00f

/* U(s) with y1(x) = (2/pi) j1(x) log(x/z1) + (x^2 - z1^2) U(x^2) / x, s = x^2
 * on [0, 12.25], polynomial in x - C, degree 7, max rel err 7.0e-11 */
__CUMETAL_LD__ float __cumetal_y1_u(float t) {
  float p = 1.553733135e-13f;
  p = __nv_fmaf(p, t, -3.146186783e-11f);
  p = __nv_fmaf(p, t, 4.628153860e-09f);
  p = __nv_fmaf(p, t, -4.635598714e-07f);
  p = __nv_fmaf(p, t, 2.819565270e-05f);
  p = __nv_fmaf(p, t, -8.164831670e-04f);
  p = __nv_fmaf(p, t, 2.392143011e-03f);
  p = __nv_fmaf(p, t, 1.843311787e-01f);
  return p;
}

#define __CUMETAL_Y1_P2_C 5.250000000e+00f

/* y1(x)/(x - z2) on [3.5, 7.0], polynomial in x - C, degree 10, max rel
 * err 1.3e-09 */
__CUMETAL_LD__ float __cumetal_y1_p2(float t) {
  float p = 6.613412040e-09f;
  p = __nv_fmaf(p, t, 1.090194868e-08f);
  p = __nv_fmaf(p, t, -5.800221743e-07f);
  p = __nv_fmaf(p, t, -2.040486152e-06f);
  p = __nv_fmaf(p, t, 4.955679833e-05f);
  p = __nv_fmaf(p, t, 9.475659317e-05f);
  p = __nv_fmaf(p, t, -2.274684375e-03f);
  p = __nv_fmaf(p, t, -2.561502857e-03f);
  p = __nv_fmaf(p, t, 5.276307464e-02f);
  p = __nv_fmaf(p, t, 1.267795824e-02f);
  p = __nv_fmaf(p, t, -3.442822993e-01f);
  return p;
}

#define __CUMETAL_Y1_P3_C 7.500000000e+00f

/* y1(x) on [7.0, 8.0], polynomial in x - C, degree 7, max rel err 6.5e-10 */
__CUMETAL_LD__ float __cumetal_y1_p3(float t) {
  float p = -3.617765833e-05f;
  p = __nv_fmaf(p, t, 2.345391986e-04f);
  p = __nv_fmaf(p, t, 1.545461011e-03f);
  p = __nv_fmaf(p, t, -8.370561525e-03f);
  p = __nv_fmaf(p, t, -2.941202000e-02f);
  p = __nv_fmaf(p, t, 1.171366274e-01f);
  p = __nv_fmaf(p, t, 1.518637538e-01f);
  p = __nv_fmaf(p, t, -2.591285110e-01f);
  return p;
}

#define __CUMETAL_I0_P1_C 0.000000000e+00f

/* i0(sqrt(s)) in s = x^2 on [0, 64.0], polynomial in x - C, degree 11, max rel
 * err 2.6e-10 */
__CUMETAL_LD__ float __cumetal_i0_p1(float t) {
  float p = 2.888677368e-22f;
  p = __nv_fmaf(p, t, 4.660754331e-20f);
  p = __nv_fmaf(p, t, 3.158271532e-17f);
  p = __nv_fmaf(p, t, 9.221437633e-15f);
  p = __nv_fmaf(p, t, 2.409580781e-12f);
  p = __nv_fmaf(p, t, 4.707653711e-10f);
  p = __nv_fmaf(p, t, 6.782015305e-08f);
  p = __nv_fmaf(p, t, 6.781646334e-06f);
  p = __nv_fmaf(p, t, 4.340280138e-04f);
  p = __nv_fmaf(p, t, 1.562499907e-02f);
  p = __nv_fmaf(p, t, 2.500000000e-01f);
  p = __nv_fmaf(p, t, 1.000000000e+00f);
  return p;
}

#define __CUMETAL_I1_P1_C 0.000000000e+00f

/* i1(x)/x in s = x^2 on [0, 64.0], polynomial in x - C, degree 10, max rel
 * err 7.7e-10 */
__CUMETAL_LD__ float __cumetal_i1_p1(float t) {
  float p = 6.358902491e-21f;
  p = __nv_fmaf(p, t, 9.338660253e-19f);
  p = __nv_fmaf(p, t, 5.678116596e-16f);
  p = __nv_fmaf(p, t, 1.476321506e-13f);
  p = __nv_fmaf(p, t, 3.372802385e-11f);
  p = __nv_fmaf(p, t, 5.649427592e-09f);
  p = __nv_fmaf(p, t, 6.781957040e-07f);
  p = __nv_fmaf(p, t, 5.425325071e-05f);
  p = __nv_fmaf(p, t, 2.604167676e-03f);
  p = __nv_fmaf(p, t, 6.250000000e-02f);
  p = __nv_fmaf(p, t, 5.000000000e-01f);
  return p;
}

#define __CUMETAL_I0_Q_C 0.000000000e+00f

/* i0(x) exp(-x) sqrt(x) in u = 1/x on [0, 0.125], polynomial in x - C, degree
 * 6, max rel err 1.4e-09 */
__CUMETAL_LD__ float __cumetal_i0_q(float t) {
  float p = 1.816955447e+00f;
  p = __nv_fmaf(p, t, -3.005458713e-01f);
  p = __nv_fmaf(p, t, 8.424139768e-02f);
  p = __nv_fmaf(p, t, 2.732067928e-02f);
  p = __nv_fmaf(p, t, 2.809236385e-02f);
  p = __nv_fmaf(p, t, 4.986745119e-02f);
  p = __nv_fmaf(p, t, 3.989422917e-01f);
  return p;
}

#define __CUMETAL_I1_Q_C 0.000000000e+00f

/* i1(x) exp(-x) sqrt(x) in u = 1/x on [0, 0.125], polynomial in x - C, degree
 * 6, max rel err 1.7e-09 */
__CUMETAL_LD__ float __cumetal_i1_q(float t) {
  float p = -2.048917294e+00f;
  p = __nv_fmaf(p, t, 3.263110518e-01f);
  p = __nv_fmaf(p, t, -1.016340181e-01f);
  p = __nv_fmaf(p, t, -3.878715262e-02f);
  p = __nv_fmaf(p, t, -4.679764807e-02f);
  p = __nv_fmaf(p, t, -1.496029794e-01f);
  p = __nv_fmaf(p, t, 3.989422917e-01f);
  return p;
}

/* Hankel asymptotics for order 0 or 1, x >= 8: *j = J_nu(x), *y = Y_nu(x) */
__CUMETAL_LD__ void __cumetal_bessel_asym(int nu, float x, float *j, float *y) {
  float t = 0.125f * __nv_frcp_rn(x);
  float t2 = t * t;
  float p, q;
  if (nu == 0) {
    p = __nv_fmaf(
        __nv_fmaf(
            __nv_fmaf(__nv_fmaf(101905514.6f, t2, -150077.8125f), t2, 459.375f),
            t2, -4.5f),
        t2, 1.0f);
    q = t * __nv_fmaf(
                __nv_fmaf(__nv_fmaf(3623307.1875f, t2, -7441.875f), t2, 37.5f),
                t2, -1.0f);
  } else {
    p = __nv_fmaf(
        __nv_fmaf(__nv_fmaf(__nv_fmaf(-115492916.6f, t2, 177364.6875f), t2,
                            -590.625f),
                  t2, 7.5f),
        t2, 1.0f);
    q = t * __nv_fmaf(
                __nv_fmaf(__nv_fmaf(-4180739.0625f, t2, 9095.625f), t2, -52.5f),
                t2, 3.0f);
  }
  float s, c;
  __nv_sincosf(x, &s, &c);
  /* chi = x - pi/4 (nu = 0) or x - 3pi/4 (nu = 1); sqrt(2) folded into a */
  float cc, sc;
  if (nu == 0) {
    cc = c + s;
    sc = s - c;
  } else {
    cc = s - c;
    sc = -(s + c);
  }
  /* sqrt(2/(pi x)) / sqrt(2) = sqrt(1/(pi x)) */
  float a = __nv_sqrtf(0.318309886f * __nv_frcp_rn(x));
  if (x > 1e30f)
    a = 0.564189613f * __nv_rsqrtf(x);
  *j = a * (p * cc - q * sc);
  *y = a * (p * sc + q * cc);
}

/* j0 for finite x >= 0 */
__CUMETAL_LD__ float __cumetal_j0(float x) {
  if (x < 1.5f)
    return __cumetal_j0_p1(x * x);
  if (x < 4.0f)
    return ((x - 2.404825449e+00f) - 1.087059047e-07f) *
           __cumetal_j0_p2(x - __CUMETAL_J0_P2_C);
  if (x < 8.0f)
    return ((x - 5.520078182e+00f) + 7.193414575e-08f) *
           __cumetal_j0_p3(x - __CUMETAL_J0_P3_C);
  float j, y;
  __cumetal_bessel_asym(0, x, &j, &y);
  return j;
}
/* j1 for finite x >= 0 */
__CUMETAL_LD__ float __cumetal_j1(float x) {
  if (x < 2.0f)
    return x * __cumetal_j1_p1(x * x);
  if (x < 5.5f)
    return ((x - 3.831706047e+00f) + 7.685058989e-08f) *
           __cumetal_j1_p2(x - __CUMETAL_J1_P2_C);
  if (x < 8.0f)
    return ((x - 7.015586853e+00f) + 1.832117249e-07f) *
           __cumetal_j1_p3(x - __CUMETAL_J1_P3_C);
  float j, y;
  __cumetal_bessel_asym(1, x, &j, &y);
  return j;
}
/* log(x / z) for x > 0, z = zh + zl, accurate near x = z */
__CUMETAL_LD__ float __cumetal_log_ratio(float x, float zh, float zl,
                                         float logzh, float logzl) {
  if (x > 0.6f * zh && x < 1.5f * zh) {
    float d = (x - zh) - zl; /* x - zh exact */
    return __nv_log1pf(__nv_fdiv_rn(d, zh));
  }
  __cumetal_ff l =
      __cumetal_ff_add(__cumetal_log_ff(x), __cumetal_ff_make(-logzh, -logzl));
  return l.hi + l.lo;
}
/* y0 for finite x > 0 */
__CUMETAL_LD__ float __cumetal_y0(float x) {
  if (x < 2.0f) {
    float l = __cumetal_log_ratio(x, 8.935769796e-01f, -1.335797872e-08f,
                                  -1.125228107e-01f, 2.816761491e-09f);
    float d = (x - 8.935769796e-01f) + 1.335797872e-08f;
    float u = __cumetal_y0_u(x * x - __CUMETAL_Y0_U_C);
    return __nv_fmaf(0.636619747f * __cumetal_j0(x), l,
                     d * (x + 8.935769796e-01f) * u);
  }
  if (x < 5.5f)
    return ((x - 3.957678318e+00f) - 1.012911781e-07f) *
           __cumetal_y0_p2(x - __CUMETAL_Y0_P2_C);
  if (x < 8.0f)
    return ((x - 7.086050987e+00f) - 7.305811778e-08f) *
           __cumetal_y0_p3(x - __CUMETAL_Y0_P3_C);
  float j, y;
  __cumetal_bessel_asym(0, x, &j, &y);
  return y;
}
/* y1 for finite x > 0 */
__CUMETAL_LD__ float __cumetal_y1(float x) {
  if (x < 3.5f) {
    float l = __cumetal_log_ratio(x, 2.197141409e+00f, -8.288927233e-08f,
                                  7.871571183e-01f, -1.634700153e-10f);
    float d = (x - 2.197141409e+00f) + 8.288927233e-08f;
    float u = __cumetal_y1_u(x * x - __CUMETAL_Y1_U_C);
    float v = __nv_fdiv_rn(d * (x + 2.197141409e+00f) * u, x);
    return __nv_fmaf(0.636619747f * __cumetal_j1(x), l, v);
  }
  if (x < 7.0f)
    return ((x - 5.429680824e+00f) - 2.165143513e-07f) *
           __cumetal_y1_p2(x - __CUMETAL_Y1_P2_C);
  if (x < 8.0f)
    return __cumetal_y1_p3(x - __CUMETAL_Y1_P3_C);
  float j, y;
  __cumetal_bessel_asym(1, x, &j, &y);
  return y;
}

extern "C" __device__ float __nv_j0f(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  float ax = __cumetal_fabs(x);
  if (__cumetal_isinf(ax))
    return 0.0f;
  return __cumetal_j0(ax);
}
extern "C" __device__ float __nv_j1f(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  float ax = __cumetal_fabs(x);
  if (__cumetal_isinf(ax))
    return __cumetal_copysign(0.0f, x);
  float r = __cumetal_j1(ax);
  return (__cumetal_bits(x) >> 31) ? -r : r; /* odd, keeps -0 */
}
extern "C" __device__ float __nv_y0f(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  if (x < 0.0f)
    return __cumetal_nan();
  if (x == 0.0f)
    return -__cumetal_inf();
  if (__cumetal_isinf(x))
    return 0.0f;
  return __cumetal_y0(x);
}
extern "C" __device__ float __nv_y1f(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  if (x < 0.0f)
    return __cumetal_nan();
  if (x == 0.0f)
    return -__cumetal_inf();
  if (__cumetal_isinf(x))
    return 0.0f;
  return __cumetal_y1(x);
}

extern "C" __device__ float __nv_jnf(int n, float x) {
  if (n < 0)
    return __cumetal_nan();
  if (__cumetal_isnan(x))
    return x + x;
  if (n == 0)
    return __nv_j0f(x);
  if (n == 1)
    return __nv_j1f(x);
  float ax = __cumetal_fabs(x);
  float sgn = ((n & 1) && x < 0.0f) ? -1.0f : 1.0f;
  if (ax == 0.0f || __cumetal_isinf(ax))
    return 0.0f * sgn;
  float r;
  if (ax >= (float)n) {
    /* forward recurrence J_{k+1} = (2k/x) J_k - J_{k-1}, stable for k < x */
    float jm = __cumetal_j0(ax), j = __cumetal_j1(ax);
    float rx = __nv_frcp_rn(ax);
    for (int k = 1; k < n; ++k) {
      float jp = __nv_fmaf(2.0f * (float)k * rx, j, -jm);
      jm = j;
      j = jp;
    }
    r = j;
  } else if (ax < 1e-20f) {
    /* J_n(x) = (x/2)^n / n! (1 + O(x^2)) */
    float h = 0.5f * ax;
    r = 1.0f;
    for (int k = 1; k <= n && r != 0.0f; ++k)
      r = r * __nv_fdiv_rn(h, (float)k);
  } else {
    /* Miller's algorithm: backward recurrence from an even start m well
     * above n, rescaled against overflow, normalised with j0 or j1. */
    float rx = __nv_frcp_rn(ax);
    int m = 2 * ((n + (int)__nv_sqrtf(160.0f * (float)n)) / 2);
    float bjp = 0.0f, bj = 1.0f, ans = 0.0f;
    for (int k = m; k > 0; --k) {
      float bjm = __nv_fmaf(2.0f * (float)k * rx, bj, -bjp);
      bjp = bj;
      bj = bjm;
      if (__cumetal_fabs(bj) > 1e10f) { /* renormalise to |bj| = 1 */
        float sc = __nv_frcp_rn(__cumetal_fabs(bj));
        bj *= sc;
        bjp *= sc;
        ans *= sc;
      }
      if (k == n)
        ans = bjp;
    }
    /* now bj ~ J_0, bjp ~ J_1 (unnormalised) */
    float j0 = __cumetal_j0(ax), j1 = __cumetal_j1(ax);
    if (__cumetal_fabs(j0) >= __cumetal_fabs(j1))
      r = ans * __nv_fdiv_rn(j0, bj);
    else
      r = ans * __nv_fdiv_rn(j1, bjp);
  }
  return r * sgn;
}

extern "C" __device__ float __nv_ynf(int n, float x) {
  if (n < 0)
    return __cumetal_nan();
  if (__cumetal_isnan(x))
    return x + x;
  if (n == 0)
    return __nv_y0f(x);
  if (n == 1)
    return __nv_y1f(x);
  if (x < 0.0f)
    return __cumetal_nan();
  if (x == 0.0f)
    return -__cumetal_inf();
  if (__cumetal_isinf(x))
    return 0.0f;
  float ym = __cumetal_y0(x), y = __cumetal_y1(x);
  float rx = __nv_frcp_rn(x);
  for (int k = 1; k < n; ++k) {
    float yp = __nv_fmaf(2.0f * (float)k * rx, y, -ym);
    ym = y;
    y = yp;
    if (__cumetal_isinf(y))
      return y;
  }
  return y;
}

/* exp(x) q(1/x) / sqrt(x) for 8 < x <= 100 */
__CUMETAL_LD__ float __cumetal_i_big(float x, float q) {
  int k;
  __cumetal_ff m = __cumetal_exp_ff(__cumetal_ff_make(x, 0.0f), &k);
  m = __cumetal_ff_mul_f(m, q);
  m = __cumetal_ff_div_f(m, __nv_fsqrt_rn(x));
  return __cumetal_ff_scale(m, k);
}
extern "C" __device__ float __nv_cyl_bessel_i0f(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  float ax = __cumetal_fabs(x);
  if (ax <= 8.0f)
    return __cumetal_i0_p1(ax * ax);
  if (ax > 100.0f)
    return __cumetal_inf();
  return __cumetal_i_big(ax, __cumetal_i0_q(__nv_frcp_rn(ax)));
}
extern "C" __device__ float __nv_cyl_bessel_i1f(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  float ax = __cumetal_fabs(x);
  if (ax <= 8.0f)
    return x * __cumetal_i1_p1(ax * ax);
  if (ax > 100.0f)
    return __cumetal_copysign(__cumetal_inf(), x);
  return __cumetal_copysign(
      __cumetal_i_big(ax, __cumetal_i1_q(__nv_frcp_rn(ax))), x);
}
