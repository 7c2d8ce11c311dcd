" .cap files are cap's data and scripts.
autocmd BufRead,BufNewFile *.cap setfiletype cap
