//! Writes a web subset of a built-in face: `web_subset FACE TEXT OUT.otf`, where FACE is
//! `regular`, `italic`, `bold`, `bold-italic` or `mono`.

use quire_fonts::Face;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [face, text, out] = args.as_slice() else {
        eprintln!("usage: web_subset FACE TEXT OUT.otf");
        std::process::exit(2);
    };
    let face = match face.as_str() {
        "regular" => Face::SerifRegular,
        "italic" => Face::SerifItalic,
        "bold" => Face::SerifBold,
        "bold-italic" => Face::SerifBoldItalic,
        "mono" => Face::Mono,
        other => {
            eprintln!("unknown face {other}");
            std::process::exit(2);
        }
    };
    match quire_fonts::web_subset(face, text) {
        Ok(data) => {
            if let Err(e) = std::fs::write(out, &data) {
                eprintln!("{out}: {e}");
                std::process::exit(1);
            }
            println!(
                "{out}: {} bytes (face: {} bytes)",
                data.len(),
                face.data().len()
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
