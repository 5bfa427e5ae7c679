; Input of pack-air.test: two kernels, one calling a helper, one reading a
; constant table.
target datalayout = "e-p:64:64:64-i1:8:8-i8:8:8-i16:16:16-i32:32:32-i64:64:64-f32:32:32-f64:64:64-v16:16:16-v24:32:32-v32:32:32-v48:64:64-v64:64:64-v96:128:128-v128:128:128-v192:256:256-v256:256:256-v512:512:512-v1024:1024:1024-n8:16:32"
target triple = "air64_v26-apple-macosx14.0.0"

@table = internal addrspace(2) constant [2 x float] [float 1.0, float 2.0]

define internal void @helper(float addrspace(1)* %p) {
  store float 3.0, float addrspace(1)* %p
  ret void
}

define void @first(float addrspace(1)* %p) {
  call void @helper(float addrspace(1)* %p)
  ret void
}

define void @second(float addrspace(1)* %p) {
  %g = getelementptr [2 x float], [2 x float] addrspace(2)* @table, i64 0, i64 1
  %v = load float, float addrspace(2)* %g
  store float %v, float addrspace(1)* %p
  ret void
}

!llvm.module.flags = !{!0, !1, !2, !3, !4, !5, !6}
!air.version = !{!10}
!air.language_version = !{!11}
!air.compile_options = !{!12, !13, !14}
!air.kernel = !{!15, !18}

!0 = !{i32 2, !"SDK Version", [2 x i32] [i32 14, i32 0]}
!1 = !{i32 7, !"air.max_device_buffers", i32 31}
!2 = !{i32 7, !"air.max_constant_buffers", i32 31}
!3 = !{i32 7, !"air.max_threadgroup_buffers", i32 31}
!4 = !{i32 7, !"air.max_textures", i32 128}
!5 = !{i32 7, !"air.max_read_write_textures", i32 8}
!6 = !{i32 7, !"air.max_samplers", i32 16}
!10 = !{i32 2, i32 6, i32 0}
!11 = !{!"Metal", i32 3, i32 1, i32 0}
!12 = !{!"air.compile.denorms_disable"}
!13 = !{!"air.compile.fast_math_disable"}
!14 = !{!"air.compile.framebuffer_fetch_enable"}
!15 = !{void (float addrspace(1)*)* @first, !16, !17}
!16 = !{}
!17 = !{!20}
!18 = !{void (float addrspace(1)*)* @second, !16, !19}
!19 = !{!20}
!20 = !{i32 0, !"air.buffer", !"air.location_index", i32 0, i32 1, !"air.read_write", !"air.address_space", i32 1, !"air.arg_type_size", i32 4, !"air.arg_type_align_size", i32 4, !"air.arg_type_name", !"float", !"air.arg_name", !"p"}
