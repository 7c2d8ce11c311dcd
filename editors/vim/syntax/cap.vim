" Vim syntax file for cap's .cap files (data and scripts). The language
" server's semantic tokens refine it where Neovim shows them.
if exists('b:current_syntax')
  finish
endif

syntax keyword capInclude include
syntax keyword capStatement let assert print
syntax keyword capOperator and or not in
syntax keyword capConstant true false none it today
syntax keyword capSortOrder desc asc
syntax keyword capKind coalition member partner person event campaign publication statement law instrument ratification tag report timeline map extend

syntax match capComment "//.*$" contains=@Spell
syntax region capString start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline contains=capEscape,capInterpolation
syntax region capLongString start=+"""+ end=+"""+ contains=capEscape,capInterpolation
syntax match capEscape +\\[\\"nrt{}]+ contained
syntax match capEscape +\\u{\x\+}+ contained
syntax region capInterpolation matchgroup=capInterpolationDelimiter start=+{+ end=+}+ contained contains=capNumber,capName
syntax match capDateTime "\<\d\{4}-\d\d-\d\d[ T]\d\d:\d\d\(:\d\d\)\?\( \?[A-Za-z_/+-]\+\)\?"
syntax match capDate "\<\d\{4}\(-\d\d\(-\d\d\)\?\)\?\>"
syntax match capNumber "-\?\<\d\+\>"
" A field is the first word of a line inside a block.
syntax match capField "^\s\+\zs[a-z_][a-z0-9_]*\ze\s"
syntax match capField "\({\|;\)\s*\zs[a-z_][a-z0-9_]*\ze\s"
" Country and subdivision codes: SE, GB-NIR.
syntax match capCode "\<[A-Z][A-Z]\(-[A-Z0-9]\{1,3}\)\?\>"
syntax match capName "\<[a-z_][a-z0-9_]*\>" contained
syntax match capPipe "|"

highlight default link capInclude Include
highlight default link capStatement Statement
highlight default link capOperator Operator
highlight default link capConstant Constant
highlight default link capSortOrder Keyword
highlight default link capKind Type
highlight default link capComment Comment
highlight default link capString String
highlight default link capLongString String
highlight default link capEscape SpecialChar
highlight default link capInterpolationDelimiter Delimiter
highlight default link capDate Number
highlight default link capDateTime Number
highlight default link capNumber Number
highlight default link capField Identifier
highlight default link capCode Constant
highlight default link capPipe Operator

let b:current_syntax = 'cap'
