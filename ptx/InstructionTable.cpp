//===- ptx/InstructionTable.cpp - The PTX instruction set -----------------===//
//
// The instructions of PTX ISA 9.0 (§9.7), written as one row each: the
// name (opcode plus the words selecting the variant), the modifiers in a
// small notation `kind:name,name kind:name...`, the operand count range and
// the operand roles (InstructionTable.h). The rows are parsed once, on
// first use.
//
// Modifier lists follow the ISA's syntax blocks; they are generous where
// the ISA is (any listed type is accepted even if a combination is
// invalid), since the checker must never reject what nvcc writes.
//
//===----------------------------------------------------------------------===//

#include "ptx/InstructionTable.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

StringRef modifierKindName(ModifierKind K) {
  switch (K) {
  case ModifierKind::Opcode:
    return "opcode";
  case ModifierKind::Type:
    return "type";
  case ModifierKind::Rounding:
    return "rounding";
  case ModifierKind::Compare:
    return "comparison";
  case ModifierKind::BoolOp:
    return "boolean operation";
  case ModifierKind::StateSpace:
    return "state space";
  case ModifierKind::Cache:
    return "cache operator";
  case ModifierKind::Vector:
    return "vector";
  case ModifierKind::Scope:
    return "scope";
  case ModifierKind::Semantics:
    return "memory semantics";
  case ModifierKind::Operation:
    return "operation";
  case ModifierKind::Mode:
    return "mode";
  case ModifierKind::Shape:
    return "shape";
  case ModifierKind::Layout:
    return "layout";
  case ModifierKind::Geometry:
    return "geometry";
  case ModifierKind::Flag:
    return "flag";
  }
  return "modifier";
}

bool matchModifierPattern(StringRef Pattern, StringRef Word) {
  // Iterative glob with backtracking to the last '*' (linear enough for the
  // short names involved, and no recursion on fuzzed input).
  size_t P = 0, W = 0, StarP = StringRef::npos, StarW = 0;
  while (W < Word.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      StarP = P++;
      StarW = W;
    } else if (P < Pattern.size() && Pattern[P] == Word[W]) {
      ++P;
      ++W;
    } else if (StarP != StringRef::npos) {
      P = StarP + 1;
      W = ++StarW;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

std::optional<ModifierKind> InstrDesc::classify(StringRef Word) const {
  for (const std::string &R : Required)
    if (Word == R)
      return ModifierKind::Opcode;
  for (const ModifierGroup &G : Groups)
    for (const std::string &N : G.Names) {
      if (N == Word)
        return G.Kind;
      if (StringRef(N).contains('*') && matchModifierPattern(N, Word))
        return G.Kind;
    }
  return std::nullopt;
}

namespace {

struct Row {
  const char *Name;
  const char *Mods;
  unsigned Min, Max;
  const char *Roles;
};

// Reusable modifier lists.
#define INT16UP "u16,u32,u64,s16,s32,s64"
#define INTALL "u8,u16,u32,u64,s8,s16,s32,s64"
#define BITS "b8,b16,b32,b64,b128"
#define FLTS "f16,f16x2,bf16,bf16x2,f32,f64"
#define FP8 "e4m3,e5m2,e2m1,e2m3,e3m2,ue8m0,ue4m3"
#define FP8X                                                                   \
  "e4m3x2,e5m2x2,e2m1x2,e2m3x2,e3m2x2,ue8m0x2,s2f6x2,e4m3x4,e5m2x4,e2m1x4,"    \
  "e2m3x4,e3m2x4"
#define ALLTYPES "pred," BITS "," INTALL "," FLTS
#define RND "rn,rz,rm,rp"
#define CMPS "eq,ne,lt,le,gt,ge,lo,ls,hi,hs,equ,neu,ltu,leu,gtu,geu,num,nan"
#define SPACES                                                                 \
  "global,shared,shared::cta,shared::cluster,local,const,param,param::entry,"  \
  "param::func"
#define SHARED "shared,shared::cta,shared::cluster"
#define SCOPES "cta,cluster,gpu,sys"
#define L1HINTS                                                                \
  "L1::evict_normal,L1::evict_unchanged,L1::evict_first,L1::evict_last,"       \
  "L1::no_allocate"
#define L2HINTS                                                                \
  "L2::evict_normal,L2::evict_first,L2::evict_last,L2::evict_unchanged,"       \
  "L2::cache_hint,L2::64B,L2::128B,L2::256B"
#define MEMTYPES BITS ",b256," INTALL "," FLTS ",pred"
#define MATRIXTYPES                                                            \
  "f16,f16x2,bf16,f32,f64,tf32,s32,u32,s8,u8,s4,u4,b1,b8,b16,b32," FP8
#define CTAGROUP "cta_group::1,cta_group::2"
#define VIDEO "type:u32,s32 flag:sat mode:shr7,shr15,po op:add,min,max"
#define SIMDVIDEO "type:u32,s32 flag:sat op:add"

const Row Rows[] = {
    // §9.7.1 Integer arithmetic (float variants share the opcode).
    {"add",
     "type:" INTALL ",u16x2,s16x2,u8x4,s8x4," FLTS ",f32x2 rnd:" RND
     " flag:sat,ftz",
     3, 3, "dss"},
    {"add.cc", "type:u32,s32,u64,s64", 3, 3, "ddd"},
    {"addc", "type:u32,s32,u64,s64 flag:cc", 3, 3, "ddd"},
    {"sub",
     "type:" INTALL ",u16x2,s16x2,u8x4,s8x4," FLTS ",f32x2 rnd:" RND
     " flag:sat,ftz",
     3, 3, "dss"},
    {"sub.cc", "type:u32,s32,u64,s64", 3, 3, "ddd"},
    {"subc", "type:u32,s32,u64,s64 flag:cc", 3, 3, "ddd"},
    {"mul",
     "mode:lo,hi type:" INTALL "," FLTS ",f32x2 rnd:" RND " flag:sat,ftz", 3, 3,
     "ddd"},
    {"mul.wide", "type:u16,u32,s16,s32", 3, 3, "wdd"},
    {"mad",
     "mode:lo,hi type:" INT16UP ",f16,f16x2,bf16,bf16x2,f32,f64 rnd:" RND
     " flag:sat,ftz",
     4, 4, "dddd"},
    {"mad.wide", "type:u16,u32,s16,s32", 4, 4, "wddw"},
    {"mad.cc", "mode:lo,hi type:u32,s32,u64,s64", 4, 4, "dddd"},
    {"madc", "mode:lo,hi type:u32,s32,u64,s64 flag:cc", 4, 4, "dddd"},
    {"mul24", "mode:lo,hi type:u32,s32", 3, 3, "ddd"},
    {"mad24", "mode:lo,hi type:u32,s32 flag:sat", 4, 4, "dddd"},
    {"sad", "type:" INT16UP, 4, 4, "dddd"},
    {"div", "type:" INT16UP ",f32,f64 rnd:" RND " flag:approx,full,ftz", 3, 3,
     "ddd"},
    {"rem", "type:" INT16UP, 3, 3, "ddd"},
    {"abs", "type:s16,s32,s64,f16,f16x2,bf16,bf16x2,f32,f64 flag:ftz", 2, 2,
     "dd"},
    {"neg", "type:s16,s32,s64,s8x4,f16,f16x2,bf16,bf16x2,f32,f64 flag:ftz", 2,
     2, "dd"},
    {"min",
     "type:" INT16UP ",u16x2,s16x2,u8x4,s8x4," FLTS
     " flag:ftz,NaN,xorsign,abs,relu",
     3, 4, "dddd"},
    {"max",
     "type:" INT16UP ",u16x2,s16x2,u8x4,s8x4," FLTS
     " flag:ftz,NaN,xorsign,abs,relu",
     3, 4, "dddd"},
    {"popc", "type:b32,b64", 2, 2, "ud"},
    {"clz", "type:b32,b64", 2, 2, "ud"},
    {"bfind", "type:u32,u64,s32,s64 flag:shiftamt", 2, 2, "ud"},
    {"fns", "type:b32", 4, 4, "uuuu"},
    {"brev", "type:b32,b64", 2, 2, "dd"},
    {"bfe", "type:u32,u64,s32,s64", 4, 4, "dduu"},
    {"bfi", "type:b32,b64", 5, 5, "ddduu"},
    {"szext", "mode:clamp,wrap type:u32,s32", 3, 3, "ddu"},
    {"bmsk", "mode:clamp,wrap type:b32", 3, 3, "duu"},
    {"dp4a", "type:u32,s32", 4, 4, "uuuu"},
    {"dp2a", "mode:lo,hi type:u32,s32", 4, 4, "uuuu"},

    // §9.7.3-9.7.4 Floating point.
    {"testp",
     "op:finite,infinite,number,notanumber,normal,subnormal type:f32,f64", 2, 2,
     "pd"},
    {"copysign", "type:f32,f64", 3, 3, "ddd"},
    {"fma",
     "rnd:" RND " type:f16,f16x2,bf16,bf16x2,f32,f64,f32x2"
     " flag:ftz,sat,relu,oob,satfinite",
     4, 4, "dssd"},
    {"rcp", "rnd:" RND " type:f32,f64 flag:approx,ftz", 2, 2, "dd"},
    {"sqrt", "rnd:" RND " type:f32,f64 flag:approx,ftz", 2, 2, "dd"},
    {"rsqrt", "type:f32,f64 flag:approx,ftz", 2, 2, "dd"},
    {"sin", "type:f32 flag:approx,ftz", 2, 2, "dd"},
    {"cos", "type:f32 flag:approx,ftz", 2, 2, "dd"},
    {"lg2", "type:f32 flag:approx,ftz", 2, 2, "dd"},
    {"ex2", "type:f32,f16,f16x2,bf16,bf16x2 flag:approx,ftz", 2, 2, "dd"},
    {"tanh", "type:f32,f16,f16x2,bf16,bf16x2 flag:approx", 2, 2, "dd"},

    // §9.7.5-9.7.6 Comparison and selection.
    {"set",
     "cmp:" CMPS " bool:and,or,xor type:u32,s32,f32," BITS "," INT16UP
     ",f64,f16,f16x2,bf16,bf16x2 flag:ftz",
     3, 4, "dssp"},
    {"setp",
     "cmp:" CMPS " bool:and,or,xor type:b16,b32,b64," INT16UP
     ",f32,f64,f16,f16x2,bf16,bf16x2 flag:ftz",
     3, 4, "pddp"},
    {"selp", "type:b16,b32,b64," INT16UP ",f32,f64", 4, 4, "dddp"},
    {"slct", "type:b16,b32,b64," INT16UP ",f32,f64 flag:ftz", 4, 4, "ddds"},

    // §9.7.7 Logic and shift.
    {"and", "type:pred,b16,b32,b64", 3, 3, "ddd"},
    {"or", "type:pred,b16,b32,b64", 3, 3, "ddd"},
    {"xor", "type:pred,b16,b32,b64", 3, 3, "ddd"},
    {"not", "type:pred,b16,b32,b64", 2, 2, "dd"},
    {"cnot", "type:b16,b32,b64", 2, 2, "dd"},
    {"lop3", "bool:or,and type:b32", 5, 6, "ddddxp"},
    {"shf", "mode:l,r,clamp,wrap type:b32", 4, 4, "dddu"},
    {"shl", "type:b16,b32,b64", 3, 3, "ddu"},
    {"shr", "type:b16,b32,b64," INT16UP, 3, 3, "ddu"},

    // §9.7.9 Data movement and conversion.
    {"mov", "type:pred,b16,b32,b64,b128," INT16UP ",f16,bf16,f32,f64", 2, 2,
     "dd"},
    {"shfl", "mode:up,down,bfly,idx flag:sync type:b32", 4, 5, "dduuu"},
    {"prmt", "mode:f4e,b4e,rc8,ecl,ecr,rc16 type:b32", 4, 4, "dddd"},
    {"ld",
     "space:" SPACES " cache:ca,cg,cs,lu,cv,nc," L1HINTS "," L2HINTS
     " vec:v2,v4,v8 sem:weak,volatile,relaxed,acquire,mmio scope:" SCOPES
     " flag:unified type:" MEMTYPES,
     2, 3, "lax"},
    {"ldu", "space:global vec:v2,v4 type:" MEMTYPES, 2, 2, "la"},
    {"st",
     "space:" SPACES " cache:wb,cg,cs,wt," L1HINTS "," L2HINTS
     " vec:v2,v4,v8 sem:weak,volatile,relaxed,release,mmio scope:" SCOPES
     " type:" MEMTYPES,
     2, 3, "alx"},
    {"st.async",
     "space:shared::cluster,global sem:weak,release,mmio scope:" SCOPES
     " op:mbarrier::complete_tx::bytes vec:v2,v4 type:" MEMTYPES,
     2, 3, "axx"},
    {"red.async",
     "space:shared::cluster,global sem:relaxed,release,mmio scope:" SCOPES
     " op:mbarrier::complete_tx::bytes,add,min,max,inc,dec,and,or,xor"
     " flag:noftz type:" MEMTYPES,
     2, 3, "axx"},
    {"st.bulk", "sem:weak space:shared::cta", 3, 3, "axx"},
    {"prefetch",
     "space:global,local,const,param cache:L1,L2,L2::evict_last,"
     "L2::evict_normal flag:tensormap",
     1, 1, "a"},
    {"prefetchu", "cache:L1", 1, 1, "a"},
    {"applypriority", "space:global cache:L2::evict_normal", 2, 2, "ax"},
    {"discard", "space:global cache:L2", 2, 2, "ax"},
    {"createpolicy",
     "mode:fractional,range cache:L2,L2::evict_last,L2::evict_normal,"
     "L2::evict_first,L2::evict_unchanged flag:cvt type:b64",
     2, 5, "x"},
    {"isspacep", "space:" SPACES, 2, 2, "px"},
    {"cvta", "space:" SPACES " flag:to type:u32,u64", 2, 2, "dd"},
    {"cvt",
     "rnd:" RND ",rni,rzi,rmi,rpi,rna,rs flag:ftz,sat,relu,satfinite type:" BITS
     "," INTALL "," FLTS ",tf32,f32x2," FP8 "," FP8X,
     2, 4, "lLLu"},
    {"cvt.pack", "flag:sat type:u2,s2,u4,s4,u8,s8,u16,s16,s32,b32", 3, 4, "x"},
    {"mapa", "space:shared::cluster type:u32,u64", 3, 3, "ddu"},
    {"getctarank", "space:shared::cluster type:u32,u64", 2, 2, "ux"},
    {"cp.async",
     "cache:ca,cg,L2::64B,L2::128B,L2::256B,L2::cache_hint"
     " space:shared,shared::cta,global",
     3, 5, "aaxxx"},
    {"cp.async.commit_group", "", 0, 0, ""},
    {"cp.async.wait_group", "", 1, 1, "x"},
    {"cp.async.wait_all", "", 0, 0, ""},
    {"cp.async.mbarrier.arrive", "flag:noinc space:shared,shared::cta type:b64",
     1, 1, "a"},
    {"cp.async.bulk",
     "space:global,shared,shared::cta,shared::cluster"
     " op:mbarrier::complete_tx::bytes,bulk_group,multicast::cluster"
     " cache:L2::cache_hint flag:cp_mask,ignore_oob",
     3, 7, "x"},
    {"cp.reduce.async.bulk",
     "space:global,shared,shared::cta,shared::cluster"
     " op:mbarrier::complete_tx::bytes,bulk_group,add,min,max,inc,dec,and,or,"
     "xor cache:L2::cache_hint flag:noftz type:" BITS "," INTALL "," FLTS,
     3, 5, "x"},
    {"cp.async.bulk.prefetch", "space:global cache:L2,L2::cache_hint", 2, 3,
     "x"},
    {"cp.async.bulk.tensor",
     "geom:1d,2d,3d,4d,5d space:global,shared,shared::cta,shared::cluster"
     " mode:tile,tile::gather4,tile::scatter4,im2col,im2col::w,im2col::w::128,"
     "im2col_no_offs op:mbarrier::complete_tx::bytes,bulk_group,"
     "multicast::cluster," CTAGROUP " cache:L2::cache_hint",
     2, 7, "x"},
    {"cp.reduce.async.bulk.tensor",
     "geom:1d,2d,3d,4d,5d space:global,shared,shared::cta,shared::cluster"
     " mode:tile,tile::scatter4,im2col_no_offs op:bulk_group,add,min,max,inc,"
     "dec,and,or,xor cache:L2::cache_hint",
     2, 4, "x"},
    {"cp.async.bulk.prefetch.tensor",
     "geom:1d,2d,3d,4d,5d space:global cache:L2,L2::cache_hint"
     " mode:tile,tile::gather4,im2col,im2col::w,im2col::w::128",
     1, 4, "x"},
    {"cp.async.bulk.commit_group", "", 0, 0, ""},
    {"cp.async.bulk.wait_group", "flag:read", 1, 1, "x"},
    {"multimem.ld_reduce",
     "sem:weak,relaxed,acquire scope:" SCOPES " space:global"
     " op:min,max,add,and,or,xor mode:acc::f32,acc::f16 vec:v2,v4,v8"
     " type:" BITS "," INT16UP "," FLTS ",e5m2,e5m2x2,e5m2x4,e4m3,e4m3x2,"
     "e4m3x4 flag:ftz",
     2, 2, "x"},
    {"multimem.st",
     "sem:weak,relaxed,release scope:" SCOPES " space:global vec:v2,v4,v8"
     " type:" BITS "," INT16UP "," FLTS ",e5m2,e5m2x2,e5m2x4,e4m3,e4m3x2,"
     "e4m3x4",
     2, 2, "x"},
    {"multimem.red",
     "sem:relaxed,release scope:" SCOPES " space:global"
     " op:min,max,add,and,or,xor vec:v2,v4,v8 type:" BITS "," INT16UP "," FLTS
     ",e5m2,e5m2x2,e5m2x4,e4m3,e4m3x2,e4m3x4 flag:ftz",
     2, 2, "x"},
    {"multimem.cp.async.bulk",
     "space:global,shared::cta op:bulk_group cache:L2::cache_hint"
     " flag:cp_mask",
     3, 5, "x"},
    {"multimem.cp.reduce.async.bulk",
     "space:global,shared::cta op:bulk_group,add,min,max,inc,dec,and,or,xor"
     " cache:L2::cache_hint flag:noftz type:" BITS "," INTALL "," FLTS,
     3, 4, "x"},
    {"tensormap.replace",
     "mode:tile space:global,shared::cta type:b1024,b128,b64,b32"
     " op:global_address,rank,box_dim,global_dim,global_stride,"
     "element_stride,elemtype,interleave_layout,swizzle_mode,"
     "swizzle_atomicity,fill_mode",
     2, 3, "x"},
    {"tensormap.cp_fenceproxy",
     "space:global,shared::cta op:tensormap::generic sem:release,acquire"
     " scope:" SCOPES " flag:sync,aligned",
     3, 3, "x"},
    {"ldmatrix",
     "flag:sync,aligned,trans shape:m8n8,m16n16,m8n16 mode:x1,x2,x4"
     " space:shared,shared::cta type:b16,b8,b8x16,b6x16_p32,b4x16_p64",
     2, 2, "xa"},
    {"stmatrix",
     "flag:sync,aligned,trans shape:m8n8,m16n8 mode:x1,x2,x4"
     " space:shared,shared::cta type:b16,b8",
     2, 2, "ax"},
    {"movmatrix", "flag:sync,aligned,trans shape:m8n8 type:b16", 2, 2, "x"},

    // §9.7.10-9.7.11 Texture and surface.
    {"tex",
     "geom:1d,2d,3d,a1d,a2d,cube,acube,2dms,a2dms vec:v2,v4"
     " mode:base,level,grad type:f32,s32,u32,f16,f16x2",
     2, 6, "x"},
    {"tld4", "op:r,g,b,a geom:2d,a2d,cube,acube vec:v4 type:f32,s32,u32", 2, 6,
     "x"},
    {"txq",
     "op:width,height,depth,channel_data_type,channel_order,normalized_coords,"
     "filter_mode,addr_mode_0,addr_mode_1,addr_mode_2,array_size,"
     "num_mipmap_levels,num_samples,force_unnormalized_coords mode:level"
     " type:b32",
     2, 3, "x"},
    {"suld",
     "mode:b geom:1d,2d,3d,a1d,a2d vec:v2,v4 type:b8,b16,b32,b64"
     " flag:trap,clamp,zero cache:ca,cg,cs,cv",
     2, 2, "x"},
    {"sust",
     "mode:b,p geom:1d,2d,3d,a1d,a2d vec:v2,v4 type:b8,b16,b32,b64"
     " flag:trap,clamp,zero cache:wb,cg,cs,wt",
     2, 2, "x"},
    {"sured",
     "mode:b,p op:add,min,max,and,or geom:1d,2d,3d type:u32,u64,s32,s64,b32,"
     "b64 flag:trap,clamp,zero",
     2, 2, "x"},
    {"suq",
     "op:width,height,depth,channel_data_type,channel_order,array_size,"
     "memory_layout type:b32",
     2, 2, "x"},
    {"istypep", "type:texref,samplerref,surfref", 2, 2, "px"},

    // §9.7.12 Control flow.
    {"bra", "flag:uni", 1, 1, "b"},
    {"brx.idx", "flag:uni", 2, 2, "ux"},
    {"call", "flag:uni", 1, 4, "x"},
    {"ret", "flag:uni", 0, 0, ""},
    {"exit", "", 0, 0, ""},

    // §9.7.13 Parallel synchronization and communication.
    {"bar.sync", "scope:cta flag:aligned", 1, 2, "uu"},
    {"bar.arrive", "scope:cta flag:aligned", 2, 2, "uu"},
    {"bar.red", "scope:cta flag:aligned op:popc,and,or type:u32,pred", 3, 4,
     "x"},
    {"barrier.sync", "scope:cta flag:aligned", 1, 2, "uu"},
    {"barrier.arrive", "scope:cta flag:aligned", 2, 2, "uu"},
    {"barrier.red", "scope:cta flag:aligned op:popc,and,or type:u32,pred", 3, 4,
     "x"},
    {"bar.warp.sync", "", 1, 1, "u"},
    {"barrier.cluster.arrive", "sem:release,relaxed flag:aligned", 0, 0, ""},
    {"barrier.cluster.wait", "sem:acquire flag:aligned", 0, 0, ""},
    {"membar", "scope:cta,gl,sys", 0, 0, ""},
    {"membar.proxy", "op:alias", 0, 0, ""},
    {"fence",
     "sem:sc,acq_rel,acquire,release scope:" SCOPES
     " op:mbarrier_init,sync_restrict::shared::cta,sync_restrict::shared::"
     "cluster",
     0, 0, ""},
    {"fence.proxy",
     "op:alias,async,async::*,tensormap::*,generic::*,"
     "sync_restrict::shared::cta,sync_restrict::shared::cluster"
     " space:global,shared,shared::cta,shared::cluster sem:release,acquire"
     " scope:" SCOPES,
     0, 2, "x"},
    {"atom",
     "space:global,shared,shared::cta,shared::cluster"
     " sem:relaxed,acquire,release,acq_rel scope:" SCOPES
     " op:and,or,xor,cas,exch,add,inc,dec,min,max vec:v2,v4,v8 flag:noftz"
     " cache:L2::cache_hint type:b16,b32,b64,b128,u32,u64,s32,s64,f16,f16x2,"
     "bf16,bf16x2,f32,f64",
     3, 5, "dadxx"},
    {"red",
     "space:global,shared,shared::cta,shared::cluster"
     " sem:relaxed,release scope:" SCOPES
     " op:and,or,xor,add,inc,dec,min,max vec:v2,v4,v8 flag:noftz"
     " cache:L2::cache_hint type:b32,b64,u32,u64,s32,s64,f16,f16x2,bf16,"
     "bf16x2,f32,f64",
     2, 3, "adx"},
    {"vote", "op:all,any,uni,ballot flag:sync type:pred,b32", 2, 3, "dpu"},
    {"match", "op:any,all flag:sync type:b32,b64", 3, 3, "udu"},
    {"activemask", "type:b32", 1, 1, "d"},
    {"redux.sync",
     "op:add,min,max,and,or,xor type:u32,s32,b32,f32 flag:abs,NaN", 3, 3,
     "ddu"},
    {"griddepcontrol", "op:launch_dependents,wait", 0, 0, ""},
    {"elect.sync", "", 2, 2, "xu"},
    {"mbarrier.init", "space:" SHARED " type:b64", 2, 2, "ax"},
    {"mbarrier.inval", "space:" SHARED " type:b64", 1, 1, "a"},
    {"mbarrier.expect_tx",
     "sem:relaxed scope:cta,cluster space:" SHARED " type:b64", 2, 2, "ax"},
    {"mbarrier.complete_tx",
     "sem:relaxed scope:cta,cluster space:" SHARED " type:b64", 2, 2, "ax"},
    {"mbarrier.arrive",
     "sem:release,relaxed scope:cta,cluster space:" SHARED
     " op:noComplete type:b64",
     2, 3, "xax"},
    {"mbarrier.arrive.expect_tx",
     "sem:release,relaxed scope:cta,cluster space:" SHARED " type:b64", 2, 3,
     "xax"},
    {"mbarrier.arrive_drop.expect_tx",
     "sem:release,relaxed scope:cta,cluster space:" SHARED " type:b64", 2, 3,
     "xax"},
    {"mbarrier.arrive_drop",
     "sem:release,relaxed scope:cta,cluster space:" SHARED
     " op:noComplete type:b64",
     2, 3, "xax"},
    {"mbarrier.test_wait",
     "op:parity sem:acquire,relaxed scope:cta,cluster space:" SHARED
     " type:b64",
     3, 3, "xax"},
    {"mbarrier.try_wait",
     "op:parity sem:acquire,relaxed scope:cta,cluster space:" SHARED
     " type:b64",
     3, 4, "xaxx"},
    {"mbarrier.pending_count", "type:b64", 2, 2, "x"},
    {"setmaxnreg", "mode:inc,dec flag:sync,aligned type:u32", 1, 1, "x"},
    {"nanosleep", "type:u32", 1, 1, "u"},
    {"clusterlaunchcontrol.try_cancel",
     "flag:async op:mbarrier::complete_tx::bytes,multicast::cluster::all"
     " space:shared::cta,shared::cluster type:b128",
     2, 2, "x"},
    {"clusterlaunchcontrol.query_cancel",
     "op:is_canceled,get_first_ctaid,get_first_ctaid::x,get_first_ctaid::y,"
     "get_first_ctaid::z vec:v4 type:pred,b32,b128",
     2, 2, "x"},
    {"stacksave", "type:u32,u64", 1, 1, "d"},
    {"stackrestore", "type:u32,u64", 1, 1, "d"},
    {"alloca", "space:local type:u32,u64", 2, 3, "ddx"},
    {"trap", "", 0, 0, ""},
    {"brkpt", "", 0, 0, ""},
    {"pmevent", "flag:mask", 1, 1, "x"},

    // §9.7.14-9.7.16 Matrix multiply-accumulate (warp, warpgroup, tcgen05).
    {"wmma.load",
     "op:a,b,c flag:sync,aligned layout:row,col shape:m*n*k* space:global,"
     "shared,shared::cta type:" MATRIXTYPES,
     2, 3, "xax"},
    {"wmma.store",
     "op:d flag:sync,aligned layout:row,col shape:m*n*k* space:global,shared,"
     "shared::cta type:" MATRIXTYPES,
     2, 3, "axx"},
    {"wmma.mma",
     "flag:sync,aligned,satfinite layout:row,col shape:m*n*k* rnd:" RND
     " op:xor,and,popc type:" MATRIXTYPES,
     4, 4, "x"},
    {"mma",
     "flag:sync,aligned,satfinite,block_scale layout:row,col shape:m*n*k*"
     " op:xor,and,popc mode:kind::*,scale_vec::* type:" MATRIXTYPES,
     4, 10, "x"},
    {"mma.sp",
     "flag:sync,aligned,satfinite,block_scale layout:row,col shape:m*n*k*"
     " op:xor,and,popc mode:kind::*,scale_vec::* type:" MATRIXTYPES,
     6, 12, "x"},
    {"mma.sp::ordered_metadata",
     "flag:sync,aligned,satfinite,block_scale layout:row,col shape:m*n*k*"
     " op:xor,and,popc mode:kind::*,scale_vec::* type:" MATRIXTYPES,
     6, 12, "x"},
    {"wgmma.mma_async",
     "flag:sync,aligned,satfinite shape:m64n*k* op:and,popc type:" MATRIXTYPES,
     4, 9, "x"},
    {"wgmma.mma_async.sp",
     "flag:sync,aligned,satfinite shape:m64n*k* op:and,popc type:" MATRIXTYPES,
     6, 11, "x"},
    {"wgmma.fence", "flag:sync,aligned", 0, 0, ""},
    {"wgmma.commit_group", "flag:sync,aligned", 0, 0, ""},
    {"wgmma.wait_group", "flag:sync,aligned", 1, 1, "x"},
    {"tcgen05.alloc",
     "mode:" CTAGROUP " flag:sync,aligned space:shared::cta type:b32", 2, 2,
     "ax"},
    {"tcgen05.dealloc", "mode:" CTAGROUP " flag:sync,aligned type:b32", 2, 2,
     "x"},
    {"tcgen05.relinquish_alloc_permit", "mode:" CTAGROUP " flag:sync,aligned",
     0, 0, ""},
    {"tcgen05.ld",
     "flag:sync,aligned shape:16x64b,16x128b,16x256b,32x32b,16x32bx2"
     " mode:x1,x2,x4,x8,x16,x32,x64,x128,pack::16b op:red,min,max"
     " flag:abs,NaN type:b32,f32,s32,u32",
     2, 5, "x"},
    {"tcgen05.st",
     "flag:sync,aligned shape:16x64b,16x128b,16x256b,32x32b,16x32bx2"
     " mode:x1,x2,x4,x8,x16,x32,x64,x128,unpack::16b type:b32",
     2, 3, "x"},
    {"tcgen05.wait::ld", "flag:sync,aligned", 0, 0, ""},
    {"tcgen05.wait::st", "flag:sync,aligned", 0, 0, ""},
    {"tcgen05.cp",
     "mode:" CTAGROUP ",warpx2::02_13,warpx2::01_23,warpx4"
     " shape:128x256b,4x256b,128x128b,64x128b,32x128b"
     " type:b8x16,b6x16_p32,b4x16_p64",
     2, 2, "x"},
    {"tcgen05.shift", "mode:" CTAGROUP " op:down", 1, 1, "x"},
    {"tcgen05.mma",
     "mode:" CTAGROUP ",kind::*,scale_vec::*,block16,block32,collector::*"
     " flag:ashift,block_scale,ws,sp",
     4, 10, "x"},
    {"tcgen05.mma.sp",
     "mode:" CTAGROUP ",kind::*,scale_vec::*,block16,block32,collector::*"
     " flag:ashift,block_scale,ws",
     5, 11, "x"},
    {"tcgen05.mma.ws", "mode:" CTAGROUP ",kind::*,collector::* flag:sp", 4, 10,
     "x"},
    {"tcgen05.mma.ws.sp", "mode:" CTAGROUP ",kind::*,collector::*", 5, 11, "x"},
    {"tcgen05.commit",
     "mode:" CTAGROUP " op:mbarrier::arrive::one,multicast::cluster"
     " space:shared::cluster type:b64",
     1, 2, "x"},
    {"tcgen05.fence::before_thread_sync", "", 0, 0, ""},
    {"tcgen05.fence::after_thread_sync", "", 0, 0, ""},

    // §9.7.17 Video instructions (operands may carry byte/half selectors).
    {"vadd", VIDEO, 3, 4, "x"},
    {"vsub", VIDEO, 3, 4, "x"},
    {"vabsdiff", VIDEO, 3, 4, "x"},
    {"vmin", VIDEO, 3, 4, "x"},
    {"vmax", VIDEO, 3, 4, "x"},
    {"vshl", VIDEO ",clamp,wrap", 3, 4, "x"},
    {"vshr", VIDEO ",clamp,wrap", 3, 4, "x"},
    {"vmad", VIDEO, 4, 4, "x"},
    {"vset", "type:u32,s32 cmp:eq,ne,lt,le,gt,ge op:add,min,max", 3, 4, "x"},
    {"vadd2", SIMDVIDEO, 3, 4, "x"},
    {"vsub2", SIMDVIDEO, 3, 4, "x"},
    {"vavrg2", SIMDVIDEO, 3, 4, "x"},
    {"vabsdiff2", SIMDVIDEO, 3, 4, "x"},
    {"vmin2", SIMDVIDEO, 3, 4, "x"},
    {"vmax2", SIMDVIDEO, 3, 4, "x"},
    {"vset2", "type:u32,s32 cmp:eq,ne,lt,le,gt,ge op:add", 3, 4, "x"},
    {"vadd4", SIMDVIDEO, 3, 4, "x"},
    {"vsub4", SIMDVIDEO, 3, 4, "x"},
    {"vavrg4", SIMDVIDEO, 3, 4, "x"},
    {"vabsdiff4", SIMDVIDEO, 3, 4, "x"},
    {"vmin4", SIMDVIDEO, 3, 4, "x"},
    {"vmax4", SIMDVIDEO, 3, 4, "x"},
    {"vset4", "type:u32,s32 cmp:eq,ne,lt,le,gt,ge op:add", 3, 4, "x"},
};

ModifierKind kindFromName(StringRef Name) {
  return StringSwitch<ModifierKind>(Name)
      .Case("type", ModifierKind::Type)
      .Case("rnd", ModifierKind::Rounding)
      .Case("cmp", ModifierKind::Compare)
      .Case("bool", ModifierKind::BoolOp)
      .Case("space", ModifierKind::StateSpace)
      .Case("cache", ModifierKind::Cache)
      .Case("vec", ModifierKind::Vector)
      .Case("scope", ModifierKind::Scope)
      .Case("sem", ModifierKind::Semantics)
      .Case("op", ModifierKind::Operation)
      .Case("mode", ModifierKind::Mode)
      .Case("shape", ModifierKind::Shape)
      .Case("layout", ModifierKind::Layout)
      .Case("geom", ModifierKind::Geometry)
      .Default(ModifierKind::Flag);
}

} // namespace

InstructionTable::InstructionTable() {
  for (const Row &R : Rows) {
    InstrDesc D;
    D.Name = R.Name;
    SmallVector<StringRef, 4> Words;
    StringRef(R.Name).split(Words, '.');
    D.Opcode = Words.front().str();
    for (StringRef W : drop_begin(Words))
      D.Required.push_back(W.str());
    SmallVector<StringRef, 8> Groups;
    StringRef(R.Mods).split(Groups, ' ', -1, /*KeepEmpty=*/false);
    for (StringRef G : Groups) {
      auto [KindName, Names] = G.split(':');
      ModifierGroup MG;
      MG.Kind = kindFromName(KindName);
      SmallVector<StringRef, 16> List;
      Names.split(List, ',', -1, /*KeepEmpty=*/false);
      for (StringRef N : List)
        MG.Names.push_back(N.str());
      D.Groups.push_back(std::move(MG));
    }
    D.MinOperands = R.Min;
    D.MaxOperands = R.Max;
    D.Roles = R.Roles;
    ByOpcode[D.Opcode].push_back(Entries.size());
    Entries.push_back(std::move(D));
  }
}

const InstructionTable &InstructionTable::get() {
  static const InstructionTable Table;
  return Table;
}

bool InstructionTable::isOpcode(StringRef Opcode) const {
  return ByOpcode.count(Opcode) != 0;
}

const InstrDesc *InstructionTable::lookup(StringRef Opcode,
                                          ArrayRef<StringRef> Words) const {
  auto It = ByOpcode.find(Opcode);
  if (It == ByOpcode.end())
    return nullptr;
  const InstrDesc *Best = nullptr;
  for (unsigned Index : It->second) {
    const InstrDesc &D = Entries[Index];
    bool All = llvm::all_of(D.Required, [&](const std::string &R) {
      return llvm::is_contained(Words, StringRef(R));
    });
    if (All && (!Best || D.Required.size() > Best->Required.size()))
      Best = &D;
  }
  return Best;
}

} // namespace ptx
} // namespace cumetal
