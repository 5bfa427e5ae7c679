; Two compute kernels written by hand in AIR (LLVM 14 IR, typed pointers),
; following the kernel ABI of DESIGN.md §5: the CUDA parameters arrive
; in a parameter block at [[buffer(0)]] in the constant address space, laid
; out as CUDA's .param space; hardware indices are extra parameters with
; AIR builtin metadata.
;
;   __global__ void vector_add(const float *a, const float *b, float *c, int n)
;   { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) c[i] = a[i] + b[i]; }
;   __global__ void scale(float *x, float s, int n)
;   { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] *= s; }
;
; Pack into a metallib (one module per kernel) and look at it:
;   cumetalc -x air vector_add.ll -o vector_add.metallib
;   air_inspect vector_add.metallib

target datalayout = "e-p:64:64:64-i1:8:8-i8:8:8-i16:16:16-i32:32:32-i64:64:64-f32:32:32-f64:64:64-v16:16:16-v24:32:32-v32:32:32-v48:64:64-v64:64:64-v96:128:128-v128:128:128-v192:256:256-v256:256:256-v512:512:512-v1024:1024:1024-n8:16:32"
target triple = "air64_v26-apple-macosx14.0.0"

%vector_add.params = type { float addrspace(1)*, float addrspace(1)*, float addrspace(1)*, i32 }
%scale.params = type { float addrspace(1)*, float, i32 }

define void @vector_add(%vector_add.params addrspace(2)* noalias nocapture readonly %params, <3 x i32> %tid, <3 x i32> %ctaid, <3 x i32> %ntid) #0 {
entry:
  %tid.x = extractelement <3 x i32> %tid, i32 0
  %ctaid.x = extractelement <3 x i32> %ctaid, i32 0
  %ntid.x = extractelement <3 x i32> %ntid, i32 0
  %base = mul i32 %ctaid.x, %ntid.x
  %i = add i32 %base, %tid.x
  %n.addr = getelementptr inbounds %vector_add.params, %vector_add.params addrspace(2)* %params, i64 0, i32 3
  %n = load i32, i32 addrspace(2)* %n.addr, align 8
  %in.range = icmp slt i32 %i, %n
  br i1 %in.range, label %body, label %exit

body:
  %idx = sext i32 %i to i64
  %a.addr = getelementptr inbounds %vector_add.params, %vector_add.params addrspace(2)* %params, i64 0, i32 0
  %a = load float addrspace(1)*, float addrspace(1)* addrspace(2)* %a.addr, align 8
  %b.addr = getelementptr inbounds %vector_add.params, %vector_add.params addrspace(2)* %params, i64 0, i32 1
  %b = load float addrspace(1)*, float addrspace(1)* addrspace(2)* %b.addr, align 8
  %c.addr = getelementptr inbounds %vector_add.params, %vector_add.params addrspace(2)* %params, i64 0, i32 2
  %c = load float addrspace(1)*, float addrspace(1)* addrspace(2)* %c.addr, align 8
  %pa = getelementptr inbounds float, float addrspace(1)* %a, i64 %idx
  %pb = getelementptr inbounds float, float addrspace(1)* %b, i64 %idx
  %pc = getelementptr inbounds float, float addrspace(1)* %c, i64 %idx
  %va = load float, float addrspace(1)* %pa, align 4
  %vb = load float, float addrspace(1)* %pb, align 4
  %sum = fadd float %va, %vb
  store float %sum, float addrspace(1)* %pc, align 4
  br label %exit

exit:
  ret void
}

define void @scale(%scale.params addrspace(2)* noalias nocapture readonly %params, <3 x i32> %tid, <3 x i32> %ctaid, <3 x i32> %ntid) #0 {
entry:
  %tid.x = extractelement <3 x i32> %tid, i32 0
  %ctaid.x = extractelement <3 x i32> %ctaid, i32 0
  %ntid.x = extractelement <3 x i32> %ntid, i32 0
  %base = mul i32 %ctaid.x, %ntid.x
  %i = add i32 %base, %tid.x
  %n.addr = getelementptr inbounds %scale.params, %scale.params addrspace(2)* %params, i64 0, i32 2
  %n = load i32, i32 addrspace(2)* %n.addr, align 4
  %in.range = icmp slt i32 %i, %n
  br i1 %in.range, label %body, label %exit

body:
  %idx = sext i32 %i to i64
  %x.addr = getelementptr inbounds %scale.params, %scale.params addrspace(2)* %params, i64 0, i32 0
  %x = load float addrspace(1)*, float addrspace(1)* addrspace(2)* %x.addr, align 8
  %s.addr = getelementptr inbounds %scale.params, %scale.params addrspace(2)* %params, i64 0, i32 1
  %s = load float, float addrspace(2)* %s.addr, align 8
  %px = getelementptr inbounds float, float addrspace(1)* %x, i64 %idx
  %vx = load float, float addrspace(1)* %px, align 4
  %scaled = fmul float %vx, %s
  store float %scaled, float addrspace(1)* %px, align 4
  br label %exit

exit:
  ret void
}

attributes #0 = { nounwind }

!llvm.module.flags = !{!0, !1, !2, !3, !4, !5, !6, !7, !8}
!llvm.ident = !{!9}
!air.version = !{!10}
!air.language_version = !{!11}
!air.compile_options = !{!12, !13, !14}
!air.kernel = !{!15, !22}

!0 = !{i32 2, !"SDK Version", [2 x i32] [i32 14, i32 0]}
!1 = !{i32 1, !"wchar_size", i32 4}
!2 = !{i32 7, !"frame-pointer", i32 2}
!3 = !{i32 7, !"air.max_device_buffers", i32 31}
!4 = !{i32 7, !"air.max_constant_buffers", i32 31}
!5 = !{i32 7, !"air.max_threadgroup_buffers", i32 31}
!6 = !{i32 7, !"air.max_textures", i32 128}
!7 = !{i32 7, !"air.max_read_write_textures", i32 8}
!8 = !{i32 7, !"air.max_samplers", i32 16}
!9 = !{!"cumetalc example (hand-written AIR)"}
!10 = !{i32 2, i32 6, i32 0}
!11 = !{!"Metal", i32 3, i32 1, i32 0}
!12 = !{!"air.compile.denorms_disable"}
!13 = !{!"air.compile.fast_math_disable"}
!14 = !{!"air.compile.framebuffer_fetch_enable"}
!15 = !{void (%vector_add.params addrspace(2)*, <3 x i32>, <3 x i32>, <3 x i32>)* @vector_add, !16, !17}
!16 = !{}
!17 = !{!18, !19, !20, !21}
!18 = !{i32 0, !"air.buffer", !"air.location_index", i32 0, i32 1, !"air.read", !"air.address_space", i32 2, !"air.arg_type_size", i32 32, !"air.arg_type_align_size", i32 8, !"air.arg_type_name", !"vector_add_params", !"air.arg_name", !"params"}
!19 = !{i32 1, !"air.thread_position_in_threadgroup", !"air.arg_type_name", !"uint3", !"air.arg_name", !"threadIdx"}
!20 = !{i32 2, !"air.threadgroup_position_in_grid", !"air.arg_type_name", !"uint3", !"air.arg_name", !"blockIdx"}
!21 = !{i32 3, !"air.threads_per_threadgroup", !"air.arg_type_name", !"uint3", !"air.arg_name", !"blockDim"}
!22 = !{void (%scale.params addrspace(2)*, <3 x i32>, <3 x i32>, <3 x i32>)* @scale, !16, !23}
!23 = !{!24, !19, !20, !21}
!24 = !{i32 0, !"air.buffer", !"air.location_index", i32 0, i32 1, !"air.read", !"air.address_space", i32 2, !"air.arg_type_size", i32 16, !"air.arg_type_align_size", i32 8, !"air.arg_type_name", !"scale_params", !"air.arg_name", !"params"}
