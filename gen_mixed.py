import os
from PIL import Image, ImageDraw
R='mixedsizes'
for s in range(4):
    d=f'{R}/seq{s}'; os.makedirs(d, exist_ok=True)
    for f in range(1,61):
        size = (64,48) if (s!=0 or f%3) else ((128,96) if f%2 else (48,64))
        W,H=size; im=Image.new('RGB',size,(40,40,40)); dr=ImageDraw.Draw(im)
        x=(5+f*0.8)/64*W; dr.rectangle([x-3*W/64,15*H/48,x+3*W/64,35*H/48], fill=(220,50,50))
        im.save(f'{d}/{f}.png')
