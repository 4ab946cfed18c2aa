/* Why the 4×8 micro-kernel runs at ~31 GFLOP/s in V8 on the benchmark's Zen 3 EPYC, natively:
 * the loop body V8 emits for nn::matmul's kernel (node --perf-prof + perf annotate), replayed as
 * inline assembly, against the same loads with the multiplies of a row grouped before their adds
 * (same operations, same dependences, only the order), and against gcc's own loop from the same
 * intrinsics. benches/README.md, "RNN training step". x86-64 with AVX only; not part of CI.
 *   gcc -O2 -mavx2 -ffp-contract=off benches/rnn/kernel_order.c -o /tmp/kernel_order && /tmp/kernel_order
 * Each variant: 128 steps of kk per call, 2,000,000 calls, on the thread's CPU time. */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static float M[1 << 16] __attribute__((aligned(64)));
static long limit[1]; /* what V8's stack check compares rsp with */

/* rbx = memory base, eax = A's index (4 floats a step), edx = B's index (8 floats), ecx = steps. */
#define CLOBBER "rdi", "r8", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", \
  "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc"
#define MA(x, b, c) "vmulps %%xmm" #x ",%%xmm" #b ",%%xmm14\n\t vaddps %%xmm14,%%xmm" #c ",%%xmm" #c "\n\t"
#define MM(x, c, d) "vmulps %%xmm" #x ",%%xmm8,%%xmm14\n\t vmulps %%xmm" #x ",%%xmm12,%%xmm15\n\t" \
  "vaddps %%xmm14,%%xmm" #c ",%%xmm" #c "\n\t vaddps %%xmm15,%%xmm" #d ",%%xmm" #d "\n\t"

__attribute__((noinline)) static void run(long k, int v) {
  long base = (long)M, ai = 0, bi = 4096 * 4, *lim = limit;
  if (v == 0) /* V8: a stack check per iteration, one lea per address (no offsets folded), each add right after its multiply */
    __asm__ volatile(
        "1:\n\t cmp (%[lim]),%%rsp\n\t jbe 2f\n\t"
        "lea 0x10(%%rdx),%%edi\n\t lea 0xc(%%rax),%%r8d\n\t vmovdqu (%%rbx,%%rdi,1),%%xmm8\n\t lea 0x8(%%rax),%%edi\n\t"
        "vbroadcastss (%%rbx,%%r8,1),%%xmm9\n\t lea 0x4(%%rax),%%r8d\n\t vbroadcastss (%%rbx,%%rdi,1),%%xmm10\n\t"
        "vbroadcastss (%%rbx,%%r8,1),%%xmm11\n\t mov %%edx,%%edi\n\t vmovdqu (%%rbx,%%rdi,1),%%xmm12\n\t"
        "mov %%eax,%%edi\n\t vbroadcastss (%%rbx,%%rdi,1),%%xmm13\n\t"
        MA(13, 8, 0) MA(13, 12, 1) MA(11, 8, 2) MA(11, 12, 3) MA(10, 8, 4) MA(10, 12, 5) MA(9, 8, 6) MA(9, 12, 7)
        "add $0x10,%%eax\n\t add $0x20,%%edx\n\t add $0xffffffff,%%ecx\n\t jne 1b\n\t 2:\n\t"
        : "+a"(ai), "+d"(bi), "+c"(k) : "b"(base), [lim] "r"(lim) : CLOBBER);
  else if (v == 1) /* the same, offsets folded into the loads, no stack check */
    __asm__ volatile(
        "1:\n\t vmovdqu 0x10(%%rbx,%%rdx,1),%%xmm8\n\t vmovdqu (%%rbx,%%rdx,1),%%xmm12\n\t"
        "vbroadcastss 0xc(%%rbx,%%rax,1),%%xmm9\n\t vbroadcastss 0x8(%%rbx,%%rax,1),%%xmm10\n\t"
        "vbroadcastss 0x4(%%rbx,%%rax,1),%%xmm11\n\t vbroadcastss (%%rbx,%%rax,1),%%xmm13\n\t"
        MA(13, 8, 0) MA(13, 12, 1) MA(11, 8, 2) MA(11, 12, 3) MA(10, 8, 4) MA(10, 12, 5) MA(9, 8, 6) MA(9, 12, 7)
        "add $0x10,%%eax\n\t add $0x20,%%edx\n\t add $0xffffffff,%%ecx\n\t jne 1b\n\t"
        : "+a"(ai), "+d"(bi), "+c"(k) : "b"(base) : CLOBBER);
  else /* 1, with a row's two multiplies before its two adds */
    __asm__ volatile(
        "1:\n\t vmovdqu 0x10(%%rbx,%%rdx,1),%%xmm8\n\t vmovdqu (%%rbx,%%rdx,1),%%xmm12\n\t"
        "vbroadcastss 0xc(%%rbx,%%rax,1),%%xmm9\n\t vbroadcastss 0x8(%%rbx,%%rax,1),%%xmm10\n\t"
        "vbroadcastss 0x4(%%rbx,%%rax,1),%%xmm11\n\t vbroadcastss (%%rbx,%%rax,1),%%xmm13\n\t"
        MM(13, 0, 1) MM(11, 2, 3) MM(10, 4, 5) MM(9, 6, 7)
        "add $0x10,%%eax\n\t add $0x20,%%edx\n\t add $0xffffffff,%%ecx\n\t jne 1b\n\t"
        : "+a"(ai), "+d"(bi), "+c"(k) : "b"(base) : CLOBBER);
}

/* gcc's loop from the kernel's intrinsics (multiply, then add; -ffp-contract=off: no FMA). */
__attribute__((noinline)) static void gcc_kernel(const float *a, const float *b, float *c, int k) {
  __m128 c0 = _mm_loadu_ps(c), c1 = _mm_loadu_ps(c + 4), c2 = _mm_loadu_ps(c + 8), c3 = _mm_loadu_ps(c + 12);
  __m128 c4 = _mm_loadu_ps(c + 16), c5 = _mm_loadu_ps(c + 20), c6 = _mm_loadu_ps(c + 24), c7 = _mm_loadu_ps(c + 28);
  for (int kk = 0; kk < k; kk++, a += 4, b += 8) {
    __m128 b0 = _mm_loadu_ps(b), b1 = _mm_loadu_ps(b + 4);
    __m128 x0 = _mm_broadcast_ss(a), x1 = _mm_broadcast_ss(a + 1), x2 = _mm_broadcast_ss(a + 2), x3 = _mm_broadcast_ss(a + 3);
    c0 = _mm_add_ps(c0, _mm_mul_ps(x0, b0)); c1 = _mm_add_ps(c1, _mm_mul_ps(x0, b1));
    c2 = _mm_add_ps(c2, _mm_mul_ps(x1, b0)); c3 = _mm_add_ps(c3, _mm_mul_ps(x1, b1));
    c4 = _mm_add_ps(c4, _mm_mul_ps(x2, b0)); c5 = _mm_add_ps(c5, _mm_mul_ps(x2, b1));
    c6 = _mm_add_ps(c6, _mm_mul_ps(x3, b0)); c7 = _mm_add_ps(c7, _mm_mul_ps(x3, b1));
  }
  _mm_storeu_ps(c, c0); _mm_storeu_ps(c + 4, c1); _mm_storeu_ps(c + 8, c2); _mm_storeu_ps(c + 12, c3);
  _mm_storeu_ps(c + 16, c4); _mm_storeu_ps(c + 20, c5); _mm_storeu_ps(c + 24, c6); _mm_storeu_ps(c + 28, c7);
}

int main(void) {
  static const char *name[] = {"V8's loop", "V8's loop, offsets folded, no stack check", "same, multiplies grouped", "gcc's loop"};
  for (int i = 0; i < 1 << 16; i++) M[i] = (i % 7) * 1e-3f;
  static float c[32];
  for (int round = 0; round < 3; round++)
    for (int v = 0; v < 4; v++) {
      const long k = 128, reps = 2000000;
      double t = now();
      for (long r = 0; r < reps; r++) v < 3 ? run(k, v) : gcc_kernel(M, M + 16384, c, (int)k);
      t = now() - t;
      printf("round %d  %-44s %.2f ns a step, %.1f GFLOP/s\n", round + 1, name[v], t / (k * reps) * 1e9, 64.0 * k * reps / t / 1e9);
    }
  return 0;
}
