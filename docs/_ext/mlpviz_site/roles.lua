-- Sphinx roles in the notebooks' Markdown (pandoc filter). Pandoc reads a
-- role as code with a "role" attribute: an mlpviz object or a gallery example
-- becomes a link to the site ("site" metadata), other projects' objects code,
-- and any other role stops the build rather than reach a reader.
local site = ""

local function set(...)
  local members = {}
  for _, name in ipairs({...}) do members[name] = true end
  return members
end
local python_roles = set("attr", "class", "data", "exc", "func", "meth", "mod", "obj")
local literal_roles = set("code", "command", "envvar", "file", "kbd", "literal", "program", "samp")

local function python_object(role, text, title)
  local name = text:gsub("^[~!.]+", "")
  local code = title and pandoc.Inlines(title)
  if not title then
    local shown = text:sub(1, 1) == "~" and name:match("[^.]+$") or name
    if role == "func" or role == "meth" then shown = shown .. "()" end
    code = pandoc.Code(shown)
  end
  if not name:match("^mlpviz%.") then return code end
  if role == "mod" then
    return pandoc.Link(code, site .. "api.html#module-" .. name)
  end
  if role == "meth" or role == "attr" then
    local owner = name:match("^(.*)%.[^.]+$")
    return pandoc.Link(code, site .. "gen_modules/" .. owner .. ".html#" .. name)
  end
  return pandoc.Link(code, site .. "gen_modules/" .. name .. ".html")
end

local function example(text, title)
  -- Sphinx-Gallery's label of gallery/<section>/<name>.py
  local section, name = text:match("^sphx_glr_auto_examples_(.-)_(plot_[%w_]+)%.py$")
  if not name then return nil end
  local url = site .. "auto_examples/" .. section .. "/" .. name .. ".html"
  return pandoc.Link(title or name, url)
end

local function role(code)
  local kind = code.attributes.role
  if not kind then return nil end
  local title, target = code.text:match("^(.-)%s*<(.+)>$")
  target = target or code.text
  if literal_roles[kind] then return pandoc.Code(code.text) end
  if python_roles[kind] then return python_object(kind, target, title) end
  local link = kind == "ref" and example(target, title)
  if link then return link end
  error("no Markdown for :" .. kind .. ":`" .. code.text .. "` in a notebook")
end

return {
  { Meta = function(meta) site = pandoc.utils.stringify(meta.site or "") end },
  { Code = role },
}
