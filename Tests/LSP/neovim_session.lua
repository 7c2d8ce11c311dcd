-- Driven by test_neovim.py: Neovim, headless, with editors/vim on its
-- runtime path, opens the workspace's files as a user would and writes
-- what it saw to the file named by $CAP_NVIM_RESULT.
local result = {}
local function done()
  local file = io.open(os.getenv("CAP_NVIM_RESULT"), "w")
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd("qa!")
end
local function step(name, ok)
  result[name] = ok
end

local ok, err = pcall(function()
  -- Diagnostics: coalition.cap's declared figures disagree with the data.
  vim.cmd("edit coalition.cap")
  local coalition = vim.api.nvim_get_current_buf()
  step("filetype", vim.bo.filetype)
  step("attached", vim.wait(20000, function() return #vim.lsp.buf_get_clients(coalition) > 0 end, 50))
  vim.wait(30000, function() return #vim.diagnostic.get(coalition) > 0 end, 50)
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(coalition)) do codes[#codes + 1] = d.code end
  step("diagnostic_codes", codes)

  -- Go to definition: from talita in a statement's signatories to members.cap.
  vim.cmd("edit statements.cap")
  vim.fn.search("signatories cap, talita")
  vim.cmd("normal! 0")
  vim.fn.search("talita", "", vim.fn.line("."))
  vim.lsp.buf.definition()
  vim.wait(20000, function() return vim.fn.expand("%:t") == "members.cap" end, 50)
  step("definition_file", vim.fn.expand("%:t"))
  step("definition_line", vim.fn.line("."))
  step("definition_word", vim.fn.expand("<cword>"))

  -- Rename the id under the cursor (the declaration) across the files.
  vim.lsp.buf.rename("talita_sweden")
  vim.wait(20000, function() return vim.fn.getline(".") :find("talita_sweden") ~= nil end, 50)
  step("renamed_declaration", vim.fn.getline("."))
  local statements = vim.fn.bufnr("statements.cap")
  local lines = vim.api.nvim_buf_get_lines(statements, 0, -1, false)
  local count = 0
  for _, line in ipairs(lines) do
    local _, n = line:gsub("talita_sweden", "")
    count = count + n
  end
  step("renamed_in_statements", count)
end)
if not ok then
  result.error = tostring(err)
end
done()
