-- Starts `cap lsp` for every .cap buffer, one server per workspace folder
-- (the nearest folder above the file holding .git, else the current
-- folder). Works with Neovim 0.7 and later; nvim-lspconfig users can
-- instead give the same cmd and root to their own set-up.
--
-- Settings (before this file is sourced):
--   vim.g.cap_lsp_cmd = { "cap", "lsp" }   the command
--   vim.g.cap_lsp_disable = true            do not start it
if vim.g.loaded_cap_lsp then
  return
end
vim.g.loaded_cap_lsp = true

local clients = {}

local function root_of(file)
  local git = vim.fn.finddir(".git", vim.fn.fnamemodify(file, ":p:h") .. ";")
  if git ~= "" then
    return vim.fn.fnamemodify(git, ":p:h:h")
  end
  return vim.fn.getcwd()
end

local function attach(args)
  if vim.g.cap_lsp_disable then
    return
  end
  local buffer = args.buf
  local root = root_of(vim.api.nvim_buf_get_name(buffer))
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = "cap",
      cmd = vim.g.cap_lsp_cmd or { "cap", "lsp" },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    })
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(buffer, id)
  end
end

vim.api.nvim_create_autocmd("FileType", { pattern = "cap", callback = attach })
