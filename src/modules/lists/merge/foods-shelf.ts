/**
 * The food table, part two: what keeps on a shelf (pantry, spices, drinks). Read by foods.ts, which says how a line is written.
 */
// prettier-ignore
export const SHELF = `
pantry: flour|plain flour|all-purpose flour|all purpose flour|white flour|plain white flour / farinha de trigo|farinha|farinha de trigo comum
pantry: self-raising flour|self-rising flour|self raising flour / farinha com fermento|farinha de trigo com fermento
pantry: bread flour|strong white flour|strong flour|strong bread flour / farinha para pão
pantry: wholemeal flour|whole wheat flour|wholewheat flour / farinha integral|farinha de trigo integral
pantry: cornflour|cornstarch|corn starch / amido de milho|maisena
pantry: cornmeal|polenta|fine cornmeal / fubá|polenta
pantry: almond flour|ground almond|almond meal / farinha de amêndoa|amêndoa moída
pantry: cassava flour|manioc flour / farinha de mandioca|farofa pronta
pantry: tapioca flour|tapioca starch|tapioca / polvilho|polvilho doce|goma de tapioca|tapioca
pantry: sour cassava starch / polvilho azedo
pantry: sugar|granulated sugar|white sugar / açúcar|açúcar refinado|açúcar cristal
pantry: caster sugar|superfine sugar / açúcar extrafino
pantry: brown sugar|light brown sugar|dark brown sugar|soft brown sugar|muscovado sugar / açúcar mascavo
pantry: demerara sugar / açúcar demerara
pantry: icing sugar|powdered sugar|confectioners sugar|confectioners' sugar / açúcar de confeiteiro
pantry: honey|runny honey / mel
pantry: maple syrup / xarope de bordo|maple syrup
pantry: golden syrup / xarope dourado
pantry: corn syrup|light corn syrup / xarope de milho|glucose de milho
pantry: molasses|treacle|black treacle / melaço
pantry: baking powder / fermento em pó|fermento químico|fermento químico em pó
pantry: baking soda|bicarbonate of soda|bicarb|bicarb soda / bicarbonato de sódio|bicarbonato
pantry: yeast|dried yeast|instant yeast|active dry yeast|fast-action yeast / fermento biológico|fermento biológico seco
pantry: vanilla extract|vanilla essence|vanilla / essência de baunilha|extrato de baunilha|baunilha
pantry: cocoa powder|cocoa|unsweetened cocoa powder / cacau em pó
pantry: chocolate / chocolate
pantry: dark chocolate|bittersweet chocolate|plain chocolate|semisweet chocolate / chocolate meio amargo|chocolate amargo
pantry: milk chocolate / chocolate ao leite
pantry: white chocolate / chocolate branco
pantry: chocolate chip|chocolate chips / gotas de chocolate|chocolate em gotas
pantry: gelatine|gelatin|powdered gelatine / gelatina|gelatina incolor
pantry: condensed milk|sweetened condensed milk / leite condensado
pantry: evaporated milk / leite evaporado
pantry: oats|rolled oats|porridge oats|oat|old-fashioned oats / aveia|aveia em flocos
pantry: rice|white rice|long grain rice|long-grain rice|jasmine rice / arroz|arroz branco|arroz agulhinha|arroz tipo 1
pantry: basmati rice / arroz basmati
pantry: arborio rice|risotto rice|carnaroli rice / arroz arbóreo|arroz para risoto
pantry: brown rice / arroz integral
pantry: pasta|dried pasta / macarrão|massa
pantry: spaghetti / espaguete
pantry: penne / penne
pantry: fusilli / parafuso|fusilli
pantry: macaroni|elbow macaroni / macarrão cotovelo
pantry: lasagne|lasagna|lasagne sheets|lasagna noodles / massa para lasanha|massa de lasanha
pantry: noodles|egg noodles / macarrão de ovo|lámen
pantry: rice noodles|rice vermicelli / macarrão de arroz|bifum
pantry: couscous / cuscuz marroquino
pantry: cuscuz / flocão|cuscuz
pantry: quinoa / quinoa|quinua
pantry: bulgur|bulgur wheat|cracked wheat / trigo para quibe|trigo sarraceno
pantry: lentil|green lentil|brown lentil|puy lentil / lentilha
pantry: red lentil|split red lentil / lentilha vermelha
pantry: chickpea|garbanzo bean|garbanzo / grão-de-bico|grão de bico
pantry: black bean / feijão preto
pantry: pinto bean / feijão carioca|feijão
pantry: kidney bean|red kidney bean / feijão vermelho
pantry: cannellini bean|white bean|haricot bean|navy bean / feijão branco
pantry: butter bean|lima bean / feijão-de-lima|fava
pantry: breadcrumbs|dried breadcrumbs|dry breadcrumbs|fresh breadcrumbs / farinha de rosca
pantry: panko|panko breadcrumbs / farinha panko|panko
pantry: olive oil|extra virgin olive oil|extra-virgin olive oil|light olive oil / azeite|azeite de oliva|azeite extravirgem|azeite extra virgem
pantry: oil|vegetable oil|cooking oil|neutral oil|canola oil|rapeseed oil|sunflower oil / óleo|óleo vegetal|óleo de soja|óleo de girassol|óleo de canola
pantry: peanut oil|groundnut oil / óleo de amendoim
pantry: sesame oil|toasted sesame oil / óleo de gergelim|azeite de gergelim
pantry: coconut oil / óleo de coco
pantry: vinegar|white vinegar|distilled vinegar / vinagre|vinagre branco|vinagre de álcool
pantry: red wine vinegar / vinagre de vinho tinto
pantry: white wine vinegar / vinagre de vinho branco
pantry: balsamic vinegar / vinagre balsâmico|aceto balsâmico
pantry: cider vinegar|apple cider vinegar / vinagre de maçã
pantry: rice vinegar|rice wine vinegar / vinagre de arroz
pantry: soy sauce|light soy sauce|dark soy sauce|tamari / molho de soja|molho shoyu|shoyu
pantry: fish sauce / molho de peixe
pantry: worcestershire sauce / molho inglês
pantry: oyster sauce / molho de ostra
pantry: hoisin sauce / molho hoisin
pantry: hot sauce|chilli sauce|chili sauce|tabasco|sriracha / molho de pimenta
pantry: sweet chilli sauce / molho de pimenta doce|molho agridoce
pantry: ketchup|tomato ketchup / ketchup|catchup
pantry: mayonnaise|mayo / maionese
pantry: mustard|yellow mustard|english mustard / mostarda
pantry: dijon mustard|dijon / mostarda dijon
pantry: wholegrain mustard|whole grain mustard / mostarda em grãos|mostarda l'ancienne
pantry: tomato paste|tomato purée|tomato puree|concentrated tomato paste / extrato de tomate|massa de tomate|concentrado de tomate
pantry: passata|tomato passata|sieved tomatoes / passata|purê de tomate|polpa de tomate
pantry: tomato sauce|marinara sauce|pasta sauce / molho de tomate|molho de tomate pronto
pantry: canned tomatoes|tinned tomatoes|chopped tomatoes|diced tomatoes|crushed tomatoes / tomate pelado|tomate em lata|tomate pelado em lata
pantry: sun-dried tomato|sundried tomato|sun dried tomato / tomate seco
pantry: coconut milk|light coconut milk / leite de coco
pantry: coconut cream / creme de coco
pantry: stock|broth / caldo
pantry: chicken stock|chicken broth|chicken bouillon / caldo de galinha|caldo de frango
pantry: beef stock|beef broth / caldo de carne
pantry: vegetable stock|vegetable broth|veg stock / caldo de legumes
pantry: stock cube|bouillon cube|stock pot / caldo em tablete|tablete de caldo
pantry: tahini|tahina / tahine|tahini|pasta de gergelim
pantry: peanut butter|smooth peanut butter|crunchy peanut butter / pasta de amendoim|manteiga de amendoim
pantry: jam / geleia
pantry: doce de leite|dulce de leche / doce de leite
pantry: goiabada|guava paste / goiabada
pantry: almond|whole almond|blanched almond / amêndoa|amêndoas
pantry: flaked almond|sliced almond|slivered almond / amêndoa laminada|lascas de amêndoa
pantry: walnut|walnut half / noz|nozes
pantry: cashew|cashew nut / castanha de caju|castanha-de-caju
pantry: peanut|roasted peanut / amendoim|amendoim torrado
pantry: pine nut / pinoli|pinhole
pantry: pecan|pecan nut / noz-pecã|pecã
pantry: hazelnut / avelã
pantry: pistachio / pistache
pantry: brazil nut / castanha-do-pará|castanha do pará|castanha-do-brasil
pantry: sesame seed|sesame / gergelim|semente de gergelim
pantry: sunflower seed / semente de girassol
pantry: pumpkin seed|pepita / semente de abóbora
pantry: chia seed|chia / chia|semente de chia
pantry: flaxseed|linseed|ground flaxseed / linhaça
pantry: raisin|sultana / uva-passa|uva passa|passas
pantry: dried apricot / damasco|damasco seco
pantry: date|medjool date|pitted date / tâmara
pantry: prune / ameixa seca
pantry: dried cranberry / cranberry seco|cranberry desidratado
pantry: desiccated coconut|shredded coconut|coconut flakes / coco ralado|coco ralado seco
pantry: olive|pitted olive / azeitona
pantry: black olive|kalamata olive / azeitona preta
pantry: green olive / azeitona verde
pantry: caper / alcaparra
pantry: tuna|canned tuna|tinned tuna|tuna in oil / atum|atum em lata|atum sólido|atum ralado
pantry: anchovy|anchovy fillet / anchova|aliche|filé de anchova
pantry: sardine|canned sardine / sardinha|sardinha em lata
pantry: canned corn|sweetcorn kernels|corn kernels / milho em conserva|milho em lata
pantry: hearts of palm|palm heart / palmito
pantry: pickle|gherkin|dill pickle|cornichon / picles|pepino em conserva
pantry: curry paste|thai curry paste / pasta de curry
pantry: red curry paste / pasta de curry vermelho
pantry: green curry paste / pasta de curry verde
pantry: miso|miso paste|white miso / missô|pasta de missô
pantry: harissa / harissa
pantry: pesto|basil pesto / pesto|molho pesto
pantry: crackers / bolacha água e sal|biscoito água e sal
pantry: tortilla chips / nachos|tortilha chips
pantry: cereal|breakfast cereal / cereal|cereal matinal
pantry: cornflakes / flocos de milho|sucrilhos
pantry: mixed nuts|nuts / castanhas mistas|mix de castanhas
pantry: biscuits|cookies / biscoito|bolacha
pantry: digestive biscuits|graham crackers / biscoito digestivo
pantry: ladyfingers|savoiardi|sponge fingers / biscoito champanhe|biscoito inglês
pantry: rice paper|rice paper wrapper / papel de arroz
pantry: nori|nori sheet / alga nori|nori
spices: salt|sea salt|kosher salt|table salt|fine salt|flaky salt|flaky sea salt|flaked sea salt|salt flakes|coarse salt|fine sea salt / sal|sal marinho|sal grosso|sal refinado|flor de sal|sal fino
spices: pepper|black pepper|ground black pepper|freshly ground black pepper|ground pepper|black peppercorn|peppercorn / pimenta-do-reino|pimenta do reino|pimenta-do-reino moída|pimenta do reino moída|pimenta-do-reino em grãos
spices: white pepper|ground white pepper / pimenta-branca|pimenta branca|pimenta-do-reino branca
spices: cumin|ground cumin / cominho|cominho em pó
spices: cumin seed / cominho em grão|semente de cominho
spices: ground coriander / coentro em pó
spices: coriander seed / semente de coentro|coentro em grão
spices: paprika|sweet paprika / páprica|páprica doce|pimentão-doce
spices: smoked paprika / páprica defumada
spices: hot paprika / páprica picante
spices: chilli powder|chili powder / pimenta em pó
spices: chilli flakes|chili flakes|red pepper flakes|crushed red pepper|dried chilli flakes|crushed chillies / pimenta calabresa|pimenta-calabresa
spices: cayenne|cayenne pepper|ground cayenne pepper / pimenta caiena|pimenta-caiena
spices: turmeric|ground turmeric / cúrcuma|açafrão-da-terra|açafrão da terra
spices: cinnamon|ground cinnamon / canela|canela em pó
spices: cinnamon stick / canela em pau
spices: nutmeg|ground nutmeg|whole nutmeg / noz-moscada|noz moscada
spices: clove|whole clove|ground clove / cravo|cravo-da-índia|cravo da índia
spices: ground ginger / gengibre em pó
spices: allspice|ground allspice / pimenta-da-jamaica|pimenta da jamaica
spices: cardamom|cardamom pod|green cardamom / cardamomo|cardamomo em vagem
spices: star anise / anis-estrelado|anis estrelado
spices: fennel seed / semente de erva-doce|erva-doce em grãos
spices: mustard seed|yellow mustard seed|black mustard seed / semente de mostarda
spices: garam masala / garam masala
spices: curry powder|curry / curry|curry em pó|caril
spices: chinese five spice|five spice|five-spice powder / cinco especiarias
spices: oregano|dried oregano / orégano|orégano seco
spices: bay leaf|dried bay leaf|fresh bay leaf / louro|folha de louro
spices: dried thyme / tomilho seco
spices: dried rosemary / alecrim seco
spices: dried basil / manjericão seco
spices: dried parsley / salsa desidratada|salsinha desidratada
spices: mixed herbs|dried mixed herbs|italian seasoning|herbes de provence / ervas finas|ervas de provence|tempero italiano
spices: saffron|saffron threads / açafrão|açafrão em pistilos
spices: garlic powder|granulated garlic / alho em pó|alho granulado
spices: onion powder / cebola em pó
spices: vanilla pod|vanilla bean / fava de baunilha
spices: sumac / sumagre|sumac
spices: za'atar|zaatar / zaatar|za'atar
spices: annatto|achiote / colorau|colorífico|urucum
spices: msg|monosodium glutamate / glutamato monossódico
spices: mixed spice|pumpkin pie spice / especiarias mistas
spices: celery salt / sal de aipo
spices: garlic salt / sal de alho
drinks: water|cold water|warm water|hot water|boiling water|tap water / água|água fria|água morna|água quente|água fervente
drinks: sparkling water|soda water|club soda / água com gás
drinks: tonic water / água tônica
drinks: coconut water / água de coco
drinks: orange juice|fresh orange juice / suco de laranja
drinks: apple juice / suco de maçã
drinks: coffee|espresso|strong coffee|brewed coffee / café|café expresso|café coado
drinks: instant coffee / café solúvel
drinks: tea|black tea|tea bag / chá|chá preto|saquinho de chá
drinks: green tea / chá verde
drinks: red wine|dry red wine / vinho tinto|vinho tinto seco
drinks: white wine|dry white wine / vinho branco|vinho branco seco
drinks: rosé wine|rosé / vinho rosé
drinks: sparkling wine|prosecco|champagne|cava / espumante|champanhe
drinks: beer|lager / cerveja
drinks: stout|dark beer / cerveja preta
drinks: cider / sidra
drinks: rum|dark rum|white rum / rum
drinks: vodka / vodca|vodka
drinks: cachaça|cachaca / cachaça|pinga
drinks: gin / gim|gin
drinks: whisky|whiskey / uísque|whisky
drinks: bourbon / bourbon
drinks: brandy|cognac / conhaque
drinks: sherry|dry sherry / xerez
drinks: port / vinho do porto
drinks: marsala|marsala wine / marsala|vinho marsala
drinks: mirin / mirin|saquê mirin
drinks: sake / saquê
drinks: shaoxing wine|chinese rice wine|rice wine / vinho de arroz
drinks: soda|soft drink / refrigerante
drinks: cola / refrigerante de cola
drinks: lemonade / limonada
drinks: guaraná / guaraná
`;
