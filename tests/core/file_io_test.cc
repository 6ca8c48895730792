#include "core/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "common/test_util.h"

namespace aigcmark {
namespace {

using test::TempDir;

TEST(FileIoTest, AtomicWriteReplacesAndKeepsMode) {
  TempDir dir;
  std::string p = dir.File("out.bin");
  test::WriteBytes(p, {1, 2, 3});
  ::chmod(p.c_str(), 0600);
  ASSERT_TRUE(WriteFileAtomic(p, {9, 8, 7, 6}).ok());
  EXPECT_EQ(test::ReadBytes(p), (std::vector<uint8_t>{9, 8, 7, 6}));
  struct stat st{};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // No temp files are left behind.
  int entries = 0;
  for (auto& e : std::filesystem::directory_iterator(dir.path())) { (void)e; ++entries; }
  EXPECT_EQ(entries, 1);
}

TEST(FileIoTest, AtomicWriteIntoMissingDirectoryFailsCleanly) {
  TempDir dir;
  Status s = WriteFileAtomic(dir.File("no/such/dir/out.bin"), {1});
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("out.bin"), std::string::npos);
}

TEST(FileIoTest, ReadFileBytesNamesTheFileAndEnforcesLimit) {
  TempDir dir;
  auto missing = ReadFileBytes(dir.File("missing.jpg"), 100);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("missing.jpg"), std::string::npos);
  test::WriteBytes(dir.File("big"), std::vector<uint8_t>(1000, 7));
  EXPECT_EQ(ReadFileBytes(dir.File("big"), 999).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(ReadFileBytes(dir.File("big"), 1000)->size(), 1000u);
  EXPECT_EQ(ReadFileBytes(dir.path(), 1000).status().code(), StatusCode::kInvalidArgument);
}

TEST(FileIoTest, TempFileGuardRemovesUnlessReleased) {
  TempDir dir;
  std::string a = dir.File("a"), b = dir.File("b");
  {
    TempFileGuard g(a);
    test::WriteBytes(a, {1});
  }
  EXPECT_FALSE(std::filesystem::exists(a));
  {
    TempFileGuard g(b);
    test::WriteBytes(b, {1});
    g.Release();
  }
  EXPECT_TRUE(std::filesystem::exists(b));
}

TEST(FileIoTest, TempPathIsInTargetDirectory) {
  EXPECT_EQ(TempPathFor("/x/y/photo.jpg").rfind("/x/y/.photo.jpg.", 0), 0u);
  EXPECT_EQ(TempPathFor("photo.jpg").rfind("./.photo.jpg.", 0), 0u);
  EXPECT_NE(TempPathFor("a"), TempPathFor("a"));
}

}  // namespace
}  // namespace aigcmark
